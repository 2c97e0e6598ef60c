import { useMemo, useState } from 'react'
import type { RunDetail } from '../../../core/records'
import type { BranchSpec } from './branch-strategy'
import { runName } from '../app/run-names'
import { useT } from '../i18n/i18n'
import './tree.css'
import { TreeView } from './TreeView'
import { createZoomLink } from './zoom-link'

type Mode = 'one' | 'pair'
const MODE_LABELS = { one: 'tree.single', pair: 'tree.sideBySide' } as const

interface Props {
  runs: readonly RunDetail[]
  /** The run of the single view. */
  selected: RunDetail
  onSelect: (runId: number) => void
  /** Adds runs with these strategies to the open experiment; absent, the tree offers no branching. */
  onBranch?: (strategies: BranchSpec[]) => void
  /** A job is running: branching waits for it. */
  busy?: boolean
}

/** The probability tree of one run (the default), or of two runs side by side, each picked for its pane; the overlay of all runs is a tab of its own. */
export function TreePanel({ runs, selected, onSelect, onBranch, busy = false }: Props) {
  const t = useT()
  const [mode, setMode] = useState<Mode>('one')
  const pair = mode === 'pair'
  const [leftId, setLeftId] = useState<number | null>(null)
  const [rightId, setRightId] = useState<number | null>(null)
  const [sync, setSync] = useState(false)
  const zoomLink = useMemo(() => (sync ? createZoomLink() : undefined), [sync])
  const runLabel = (r: RunDetail): string => t('tree.runLabel', { id: r.id, strategy: runName(r, t) })
  const left = runs.find((r) => r.id === leftId) ?? selected
  const right = runs.find((r) => r.id === rightId) ?? runs.find((r) => r.id !== left.id) ?? left

  const picker = (text: string, value: RunDetail, set: (id: number) => void) => (
    <label>
      {text}{' '}
      <select aria-label={text} value={value.id} onChange={(e) => set(Number(e.target.value))}>
        {runs.map((r) => (
          <option key={r.id} value={r.id}>
            {runLabel(r)}
          </option>
        ))}
      </select>
    </label>
  )

  return (
    <section aria-label={t('tree.section')}>
      <h2>{t('tree.title')}</h2>
      <div className="tree-panel-controls">
        <span role="radiogroup" aria-label={t('tree.layout')}>
          {(['one', 'pair'] as const).map((m) => (
            <label key={m}>
              <input type="radio" name="tree-layout" checked={mode === m} onChange={() => setMode(m)} />{' '}
              {t(MODE_LABELS[m])}{' '}
            </label>
          ))}
        </span>
        {pair && picker(t('tree.left'), left, setLeftId)}
        {pair && picker(t('tree.right'), right, setRightId)}
        {pair && (
          <label title={t('tree.syncZoomTitle')}>
            <input type="checkbox" checked={sync} onChange={(e) => setSync(e.target.checked)} /> {t('tree.syncZoom')}
          </label>
        )}
      </div>
      {pair ? (
        <div className="tree-pair">
          <div>
            <h3>{runLabel(left)}</h3>
            <TreeView
              key={`l${left.id}`}
              nodes={left.tree}
              run={left}
              label={t('tree.figureLeft')}
              name={`tree-run-${left.id}`}
              zoomLink={zoomLink}
            />
          </div>
          <div>
            <h3>{runLabel(right)}</h3>
            <TreeView
              key={`r${right.id}`}
              nodes={right.tree}
              run={right}
              label={t('tree.figureRight')}
              name={`tree-run-${right.id}`}
              zoomLink={zoomLink}
            />
          </div>
        </div>
      ) : (
        <>
          <div role="tablist" aria-label={t('tree.runs')}>
            {runs.map((r) => (
              <button
                key={r.id}
                type="button"
                role="tab"
                aria-selected={r.id === selected.id}
                onClick={() => onSelect(r.id)}
              >
                {runLabel(r)}
              </button>
            ))}
          </div>
          <TreeView
            key={selected.id}
            nodes={selected.tree}
            run={selected}
            name={`tree-run-${selected.id}`}
            branch={onBranch && { run: selected, busy, onBranch: (strategy) => onBranch([strategy]) }}
          />
        </>
      )}
    </section>
  )
}
