import { Fragment, useMemo } from 'react'
import { formatProb } from '../../../core/format'
import { visibleToken } from '../../../core/report/visible-token'
import { defaultOrder } from '../../../core/processors/order'
import type { RunDetail } from '../../../core/records'
import type { TreeNode } from '../../../core/types'
import { paramLabel } from '../i18n/code-name'
import { useT } from '../i18n/i18n'
import { OrderCompare } from './OrderCompare'
import { otherRows, stepView } from './step-view'
import { useOrderComparison } from './use-order-comparison'

interface Props {
  nodes: readonly TreeNode[]
  selected: TreeNode
  /** The stored run the nodes are of: a finished sample run offers the order comparison. */
  run?: RunDetail
}

/** The processors of sample's logitBias and bannedStrings: a token they remove is filtered by a constraint. */
const CONSTRAINTS = new Set(['logitBias', 'bannedStrings'])

const pct = (p: number): string => `${(100 * Math.max(0, Math.min(1, p))).toFixed(1)}%`

/**
 * The step the selected token was drawn at: the model's distribution and the one after the
 * processor chain as paired bars, where each truncation cut, who removed what, and the sampler's state.
 */
export function StepPanel({ nodes, selected, run }: Props) {
  const t = useT()
  // Scans the run's nodes: once per selection, not on every pan or zoom of the tree beside it.
  const view = useMemo(() => stepView(nodes, selected), [nodes, selected])
  const runOrder = run && reorderable(run) ? (run.strategy.params.order ?? defaultOrder(run.strategy.params)) : null
  const comparison = useOrderComparison(runOrder === null || !run ? null : run.id, view?.chained ? view.step.id : null)
  const other = useMemo(
    () => (view && comparison.result ? otherRows(view, comparison.result.candidates) : null),
    [view, comparison.result],
  )
  if (!view) return null
  const name = (processor: string): string =>
    CONSTRAINTS.has(processor) ? t('step.constraint', { name: paramLabel(t, processor) }) : paramLabel(t, processor)
  const prefix = view.step.tokenId === null ? t('tree.prompt') : `“${visibleToken(view.step.text)}”`
  const state = view.sampler
  const notes = [
    state?.temperature !== undefined && t('step.temperature', { value: state.temperature.toFixed(3) }),
    state?.mirostatMu !== undefined && t('step.mirostat', { value: state.mirostatMu.toFixed(3) }),
    state?.adaptiveTarget !== undefined && t('step.adaptive', { value: state.adaptiveTarget.toFixed(3) }),
    state?.xtcDraw !== undefined && t('step.xtc', { value: state.xtcDraw.toFixed(3) }),
  ].filter((n): n is string => typeof n === 'string')
  return (
    <details className="step-panel" aria-label={t('step.aria')} open>
      <summary>{t('step.title', { depth: view.step.depth + 1, prefix })}</summary>
      {notes.length > 0 && <p className="step-state">{notes.join(' · ')}</p>}
      {!view.chained && <p className="hint">{t('step.noChain')}</p>}
      {view.chained && (
        <p className="hint step-removed">
          {view.removedBy.length === 0
            ? t('step.none')
            : t('step.removedList', {
                list: view.removedBy.map((r) => `${name(r.processor)} ${r.count}`).join(', '),
              })}
        </p>
      )}
      {view.chained && runOrder !== null && <OrderCompare runOrder={runOrder} comparison={comparison} />}
      <div className="step-legend hint" aria-hidden="true">
        <span className="step-swatch model" /> {t('step.model')}
        {view.chained && (
          <>
            {' '}
            <span className="step-swatch processed" /> {t('step.processed')}
          </>
        )}
        {other && comparison.result && (
          <>
            {' '}
            <span className="step-swatch other" /> {comparison.result.order.text}
          </>
        )}
      </div>
      <ol className={`step-rows${other ? ' compared' : ''}`}>
        {other && comparison.result && (
          <li className="step-row step-head" aria-hidden="true">
            <span className="step-bars">{t('step.thisRun', { order: comparison.result.runOrder.text })}</span>
            <span className="step-other-bar">{comparison.result.order.text}</span>
          </li>
        )}
        {view.rows.map((r, i) => (
          <Fragment key={r.id}>
            {view.cuts
              .filter((c) => c.before === i)
              .map((c) => (
                <li key={`cut-${c.processor}`} className="step-cut">
                  {t('step.cut', { processor: name(c.processor) })}
                </li>
              ))}
            <li className={`step-row${r.chosen ? ' chosen' : ''}${r.filteredBy ? ' removed' : ''}`}>
              <span className="step-token tokens">{visibleToken(r.text)}</span>
              <span className="step-bars">
                <span className="step-bar model" style={{ width: pct(r.prob) }} />
                {view.chained && <span className="step-bar processed" style={{ width: pct(r.processedProb ?? 0) }} />}
              </span>
              <span className="step-values">
                {formatProb(r.prob)}
                {view.chained && ` → ${formatProb(r.processedProb ?? 0)}`}
              </span>
              {r.filteredBy && (
                <span className="step-filtered">{t('step.removedBy', { processor: name(r.filteredBy) })}</span>
              )}
              {other && (
                <>
                  <span
                    className={`step-other-bar${other[i].cut ? ' cut' : ''}`}
                    title={other[i].cut ? t('step.cut', { processor: name(other[i].cut as string) }) : undefined}
                  >
                    <span className="step-bar other" style={{ width: pct(other[i].processedProb) }} />
                  </span>
                  <span className={`step-other-value${other[i].filteredBy ? ' removed' : ''}`}>
                    {formatProb(other[i].processedProb)}
                    {other[i].filteredBy && (
                      <span className="step-filtered">
                        {' '}
                        {t('step.removedBy', { processor: name(other[i].filteredBy as string) })}
                      </span>
                    )}
                  </span>
                </>
              )}
            </li>
          </Fragment>
        ))}
      </ol>
      {view.more > 0 && <p className="hint">{t('step.more', { count: view.more })}</p>}
    </details>
  )
}

/** A finished sample run whose chain an order applies to (Mirostat replaces the chain). */
function reorderable(run: RunDetail): boolean {
  return run.strategy.name === 'sample' && (run.strategy.params.mirostat ?? 0) === 0 && run.status !== 'running'
}
