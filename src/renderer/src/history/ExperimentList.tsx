import { useVirtualizer } from '@tanstack/react-virtual'
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { ExperimentSummary, RunSummary } from '../../../core/records'
import { useLocale } from '../i18n/i18n'
import { ExperimentRow, failedRun } from './ExperimentRow'
import './history.css'

/** A collapsed row's height until one has been measured on this page (then `collapsedPx`). */
const ROW_ESTIMATE_PX = 84
/**
 * Collapsed rows are three lines that never wrap, all of one height in a language: one is measured
 * and the rest take its height. Measuring every row forced a layout per row, 23 ms of the history's
 * first render.
 */
const collapsedPx = new Map<string, number>()
/** The list's height until it is measured: about what 70vh is on a laptop. */
const INITIAL_HEIGHT_PX = 600

interface Props {
  total: number
  at: (index: number) => ExperimentSummary | undefined
  want: (first: number, last: number) => void
  busy: boolean
  onOpen: (experimentId: number, runId?: number) => void
  onRerun: (run: RunSummary) => void
  onDelete: (run: RunSummary) => void
}

/** The experiments, only the rows in view in the DOM; pages of rows are asked for as they scroll into view. */
export function ExperimentList({ total, at, want, busy, onOpen, onRerun, onDelete }: Props) {
  const { t, locale } = useLocale()
  const scroller = useRef<HTMLDivElement>(null)
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set())
  // A new function would make the virtualizer redo all `total` keys and offsets on every render.
  const getItemKey = useCallback((index: number) => at(index)?.id ?? `pending-${index}`, [at])
  const [rowPx, setRowPx] = useState(collapsedPx.get(locale) ?? ROW_ESTIMATE_PX)
  const estimateSize = useCallback(() => rowPx, [rowPx])
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scroller.current,
    estimateSize,
    overscan: 4,
    // Rows render with the first answer, not a frame later once the list has measured itself.
    initialRect: { width: 320, height: INITIAL_HEIGHT_PX },
    getItemKey,
  })
  const items = virtualizer.getVirtualItems()
  const first = items[0]?.index ?? 0
  const last = items[items.length - 1]?.index ?? -1
  useEffect(() => want(first, last), [want, first, last])
  const hasRows = at(first) !== undefined
  useLayoutEffect(() => {
    const known = collapsedPx.get(locale)
    if (known !== undefined) return setRowPx(known)
    if (!hasRows) return
    const row = scroller.current?.querySelector<HTMLElement>('.experiment-slot[data-fixed] > .experiment-row')
    if (!row) return
    const px = row.getBoundingClientRect().height
    collapsedPx.set(locale, px)
    setRowPx(px)
  }, [hasRows, locale])
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, rowPx])

  /** Rows once expanded stay measured, so that collapsing one measures it back to its height. */
  const grown = useRef(new Set<number>())
  const toggle = (id: number): void =>
    setExpanded((old) => {
      grown.current.add(id)
      const next = new Set(old)
      if (!next.delete(id)) next.add(id)
      return next
    })

  return (
    <div ref={scroller} className="experiment-list">
      <div
        role="list"
        aria-label={t('history.listAria')}
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {items.map((item) => {
          const e = at(item.index)
          // A row that can grow (expanded, or with a failed run's message, which may wrap) is measured.
          const fixed = e !== undefined && !grown.current.has(e.id) && !e.runs.some(failedRun)
          return (
            <div
              key={item.key}
              role="listitem"
              data-index={item.index}
              data-fixed={fixed ? '' : undefined}
              ref={fixed ? undefined : virtualizer.measureElement}
              className="experiment-slot"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              {e ? (
                <ExperimentRow
                  experiment={e}
                  expanded={expanded.has(e.id)}
                  onToggle={toggle}
                  busy={busy}
                  onOpen={onOpen}
                  onRerun={onRerun}
                  onDelete={onDelete}
                />
              ) : (
                <div className="experiment-pending hint">{t('history.loading')}</div>
              )}
            </div>
          )
        })}
      </div>
    </div>
  )
}
