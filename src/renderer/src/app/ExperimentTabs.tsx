import * as Tabs from '@radix-ui/react-tabs'
import { lazy, Suspense, useDeferredValue } from 'react'
import type { RunDetail } from '../../../core/records'
import { useT } from '../i18n/i18n'
import { MetricsView } from '../metrics/MetricsView'
import { ProvenanceView } from '../provenance/ProvenanceView'
import { StepZoomProvider } from '../compare/StepZoom'
import { TextView } from '../text/TextView'
import type { BranchSpec } from '../tree/branch-strategy'
import { OverlayView } from '../tree/OverlayView'
import { TreePanel } from '../tree/TreePanel'
import { WORKSPACE_TABS, type WorkspaceTab } from './url-state'

// The charts (recharts, most of the renderer's code) load just after the first paint. The Text tab
// is small and loads with the app: a lazy tab opened by URL suspends, and revealing a Suspense
// boundary costs React's 300 ms reveal throttle (a 20 × 256-token Text tab took 420 ms, not 120).
const loadCompare = () => import('../compare/CompareView')
const CompareView = lazy(() => loadCompare().then((m) => ({ default: m.CompareView })))
export const preloadTabs = (): Promise<unknown> => loadCompare()

interface Props {
  runs: RunDetail[]
  tab: WorkspaceTab
  onTab: (tab: WorkspaceTab) => void
  treeRun: RunDetail
  onTreeRun: (runId: number) => void
  onBranch?: (strategies: BranchSpec[]) => void
  busy: boolean
}

/** The open experiment's views, one tab each; only the shown tab is drawn. */
export function ExperimentTabs({ runs, tab, onTab, treeRun, onTreeRun, onBranch, busy }: Props) {
  const t = useT()
  // The charts of a large run follow the tree by a frame rather than holding it back.
  const chartRuns = useDeferredValue(runs)
  const branch = onBranch && { busy, onBranch: (strategy: BranchSpec) => onBranch([strategy]) }
  return (
    <Tabs.Root className="workspace-tabs" value={tab} onValueChange={(v) => onTab(v as WorkspaceTab)}>
      <Tabs.List className="tab-list" aria-label={t('shell.tabs')}>
        {WORKSPACE_TABS.map((v) => (
          <Tabs.Trigger key={v} value={v} className="tab-trigger">
            {t(`shell.tab.${v}`)}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
      {/* One step range for every step chart of the experiment, in Compare and in Overlay alike. */}
      <StepZoomProvider key={runs[0]?.experimentId ?? 0}>
        <div className="tab-body">
          <Suspense fallback={<p className="empty">…</p>}>
            <Tabs.Content value="compare">
              <CompareView runs={chartRuns} />
            </Tabs.Content>
          </Suspense>
          <Tabs.Content value="text">
            <TextView runs={runs} branch={branch} />
          </Tabs.Content>
          <Tabs.Content value="tree">
            <TreePanel runs={runs} selected={treeRun} onSelect={onTreeRun} busy={busy} onBranch={onBranch} />
          </Tabs.Content>
          <Tabs.Content value="overlay">
            <OverlayView runs={runs} branch={branch} />
          </Tabs.Content>
          <Tabs.Content value="metrics">
            <MetricsView runs={chartRuns} />
          </Tabs.Content>
          <Tabs.Content value="reproducibility">
            <ProvenanceView runs={chartRuns} />
          </Tabs.Content>
        </div>
      </StepZoomProvider>
    </Tabs.Root>
  )
}
