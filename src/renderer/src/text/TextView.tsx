import {
  Fragment,
  lazy,
  startTransition,
  Suspense,
  useEffect,
  useMemo,
  useRef,
  useState,
  type SyntheticEvent,
} from 'react'
import type { RunDetail } from '../../../core/records'
import { joinFor, tokenSeparator, visibleToken } from '../../../core/report/visible-token'
import type { TokenId, TreeNode } from '../../../core/types'
import { sequenceName } from '../app/run-names'
import { useT } from '../i18n/i18n'
import { branchStrategy, type BranchSpec } from '../tree/branch-strategy'
import { bucket, MEASURES, textTokens, type Measure, type TextToken } from './text-tokens'
import './text.css'
import { ChatPromptFold } from './ChatPromptFold'
import { TokenPopover } from './TokenPopover'
import { StepPanel } from '../tree/StepPanel'

/** recharts loads with the histogram, not with the app (this tab is in the startup bundle). */
const RankHistogram = lazy(() => import('./RankHistogram').then((m) => ({ default: m.RankHistogram })))

interface Props {
  runs: readonly RunDetail[]
  branch?: { busy: boolean; onBranch: (strategy: BranchSpec) => void }
}

interface Line {
  key: string
  run: RunDetail
  tokenIds: readonly TokenId[]
  name: string
  tokens: TextToken[]
}

/** Sequences drawn in the first paint: more than fit in a pane. */
const FIRST_LINES = 4

/** Each sequence as running text, every token coloured by the chosen measure, with a popover of the model's alternatives. */
export function TextView({ runs, branch }: Props) {
  const t = useT()
  const [measure, setMeasure] = useState<Measure>('rank')
  const [active, setActive] = useState<{ line: string; index: number } | null>(null)
  /** The token clicked last: its step stays in the step panel while the pointer moves on. */
  const [pinned, setPinned] = useState<{ line: string; index: number } | null>(null)
  const anchor = useRef<HTMLElement | null>(null)
  const closing = useRef(0)
  const lines: Line[] = useMemo(
    () =>
      runs.flatMap((run) => {
        const byId = new Map(run.tree.map((n) => [n.id, n]))
        const childrenOf = new Map<number, TreeNode[]>()
        for (const n of run.tree)
          if (n.parent !== null) childrenOf.set(n.parent, [...(childrenOf.get(n.parent) ?? []), n])
        return run.sequences.map((seq, i) => ({
          key: `${run.id}:${i}`,
          run,
          tokenIds: seq.tokenIds,
          name: sequenceName(run, i, t),
          tokens: textTokens(seq, byId, childrenOf),
        }))
      }),
    [runs, t],
  )
  // The first sequences paint at once; the rest (out of sight on opening) follow just after that paint.
  const [all, setAll] = useState(false)
  useEffect(() => {
    if (all) return
    let timer = 0
    const frame = requestAnimationFrame(() => (timer = window.setTimeout(() => startTransition(() => setAll(true)))))
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [all])
  const shown = all ? lines : lines.slice(0, FIRST_LINES)
  const activeLine = active && lines.find((l) => l.key === active.line)
  const activeToken = (active && activeLine?.tokens[active.index]) ?? null

  const keep = (): void => window.clearTimeout(closing.current)
  const close = (): void => {
    keep()
    closing.current = window.setTimeout(() => setActive(null), 150)
  }
  const open = (e: SyntheticEvent): void => {
    const at = tokenAt(e)
    if (!at) return
    keep()
    anchor.current = at.el
    setActive(at.token)
  }
  const pin = (e: SyntheticEvent): void => {
    const at = tokenAt(e)
    if (at) setPinned(at.token)
  }
  const pinnedLine = pinned && lines.find((l) => l.key === pinned.line)
  const pinnedId = (pinned && pinnedLine?.tokens[pinned.index]?.nodeId) ?? null
  const pinnedNode = pinnedId === null ? undefined : pinnedLine?.run.tree.find((n) => n.id === pinnedId)
  const labels = t(`text.bucket.${measure}`).split('|')

  return (
    <section className="text-view" aria-label={t('shell.tab.text')}>
      <div className="text-controls">
        <label>
          {t('text.measure')}{' '}
          <select value={measure} onChange={(e) => setMeasure(e.target.value as Measure)}>
            {MEASURES.map((m) => (
              <option key={m} value={m}>
                {t(`text.measure.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <span className="text-legend">
          {labels.map((l, i) => (
            <span key={l} className={`tok bucket-${i}`}>
              {l}
            </span>
          ))}
        </span>
        <span className="hint">{t('text.hint')}</span>
      </div>
      <ChatPromptFold runs={runs} />
      {pinnedLine && pinnedNode && <StepPanel nodes={pinnedLine.run.tree} selected={pinnedNode} run={pinnedLine.run} />}
      <div
        onMouseOver={open}
        onFocus={open}
        onMouseLeave={close}
        onClick={pin}
        onKeyDown={(e) => e.key === 'Enter' && pin(e)}
      >
        {shown.map((line) => {
          const join = joinFor(line.run.modelKind)
          const seqTokens = line.tokens.map((tok) => tok.text)
          return (
            <article key={line.key} className="text-sequence">
              <h3>{line.name}</h3>
              <p className="running-text">
                {line.tokens.map((tok, j) => (
                  // A fragment, not a wrapping element: one element per token keeps a 5,000-token tab quick to draw.
                  <Fragment key={j}>
                    {j > 0 && tokenSeparator(seqTokens[j - 1], tok.text, join)}
                    <span
                      className={`tok bucket-${bucket(tok, measure) ?? 'none'}`}
                      data-tok={`${line.key}/${j}`}
                      data-forced={tok.forced ? 'true' : undefined}
                      tabIndex={0}
                    >
                      {visibleToken(tok.text)}
                    </span>
                  </Fragment>
                ))}
              </p>
              {measure === 'rank' && (
                <Suspense fallback={null}>
                  <RankHistogram tokens={line.tokens} labels={labels} title={t('text.rankHistogram')} />
                </Suspense>
              )}
            </article>
          )
        })}
      </div>
      <TokenPopover
        token={activeToken}
        anchor={anchor}
        onClose={close}
        onKeep={keep}
        busy={branch?.busy ?? false}
        onBranch={
          branch && activeLine && active
            ? (tokenId) => {
                setActive(null)
                branch.onBranch(
                  branchStrategy(activeLine.run.strategy, 'own', activeLine.run.model, [
                    ...activeLine.tokenIds.slice(0, active.index),
                    tokenId,
                  ]),
                )
              }
            : undefined
        }
      />
    </section>
  )
}

/** The token element an event happened on, and which line and token it is (its data-tok). */
function tokenAt(e: SyntheticEvent): { el: HTMLElement; token: { line: string; index: number } } | null {
  const el = (e.target as Element).closest<HTMLElement>('[data-tok]')
  if (!el) return null
  const [line, index] = (el.dataset.tok ?? '').split('/')
  return { el, token: { line, index: Number(index) } }
}
