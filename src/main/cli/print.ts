import { formatOrder, HF_ORDER, LLAMA_ORDER, orderDifference } from '../../core/processors/order'
import { RANK_BUCKETS } from '../../core/rank-buckets'
import type { ScoreResult } from '../../core/score'
import { tokenRow } from '../../core/report/visible-token'
import { formatStrategy } from '../../core/strategy-spec'
import type { LanguageModel, Sequence, SpeculativeStats, TreeNode } from '../../core/types'
import type { RunReport } from '../runs/run-experiment'
import type { RunSummary, StoredRunDetail } from '../store/runs-repo'
import type { Io } from './io'
import { chainRule, formatLogProb, formatProb, table, visible } from './format'

function sequenceRows(label: string, sequences: Sequence[]): string[][] {
  return sequences.map((s, i) => [
    i === 0 ? label : '',
    tokenRow(s.tokens),
    formatProb(s.probability),
    formatLogProb(s.logProb),
    s.steps.length ? Math.exp(-s.logProb / s.steps.length).toFixed(3) : '-',
    String(s.steps.length),
    s.finished ? 'yes' : s.stopReason === 'contextEnd' ? 'no (context full)' : 'no (max tokens)',
  ])
}

const HEADER = ['strategy', 'tokens', 'probability', 'log-prob', 'perplexity', 'length', 'finished']

export function printExperiment(
  io: Io,
  model: LanguageModel,
  prompt: string,
  result: { experimentId: number; runs: RunReport[] },
): void {
  io.out(
    `experiment ${result.experimentId}: model ${model.id} (${model.kind}, ${model.vocabSize} tokens), prompt "${visible(prompt)}"`,
  )
  io.out('')
  const rows = result.runs.flatMap((r) =>
    r.result
      ? sequenceRows(formatStrategy(r.strategy), r.result.sequences)
      : [[formatStrategy(r.strategy), `(${r.status}: ${r.error?.message ?? ''})`, '', '', '', '', '']],
  )
  io.out(table(HEADER, rows))
  io.out('')
  io.out('chain rule, P(X) = ∏ P(x_t | x_<t):')
  for (const r of result.runs) {
    for (const s of r.result?.sequences ?? [])
      io.out(`  run ${r.id} ${r.strategy.name}  ${visible(s.text) || '(empty)'}: ${chainRule(s)}`)
    if (r.result?.optimal === false)
      io.out(`  run ${r.id} exact: budget spent, the result may not be the most probable sequence`)
    if (r.result?.speculative) io.out(`  run ${r.id} speculative: ${speculativeLine(r.result.speculative)}`)
    const mbrLine = r.result?.sequences
      .filter((q) => typeof q.expectedUtility === 'number')
      .map((q) => `"${visible(q.text)}" ${(q.expectedUtility as number).toFixed(4)}`)
    if (mbrLine?.length)
      io.out(
        `  run ${r.id} mbr, expected ${r.strategy.textParams?.utility ?? 'utility'} against the other samples: ${mbrLine.join(', ')}`,
      )
    if (r.result?.vote)
      io.out(
        `  run ${r.id} vote: ${r.result.vote.answers.map((a) => `"${visible(a.answer)}" × ${a.count}`).join(', ') || 'no answer'}${r.result.vote.unanswered ? `; ${r.result.vote.unanswered} without an answer` : ''}`,
      )
    if (r.strategy.forced?.length)
      io.out(
        `  run ${r.id} forced: ${r.strategy.forced.map((t) => visible(model.tokenText(t))).join(' ')} (counted in the probabilities above)`,
      )
    const order = orderNote(r.strategy.params)
    if (order) io.out(`  run ${r.id} order: ${order}`)
    for (const w of r.result?.warnings ?? []) io.out(`  run ${r.id} warning: ${w}`)
  }
  io.out('')
  io.out(
    `saved: ${result.runs.map((r) => `run ${r.id} (${r.status}, ${r.result?.tree.length ?? 0} tree nodes)`).join(', ')}`,
  )
}

/** With two or more processors, the chain as Hugging Face and llama.cpp would order it, when they differ. */
function orderNote(params: Record<string, number>): string | null {
  if (params.order === undefined) return null
  const diff = orderDifference(params, HF_ORDER, LLAMA_ORDER)
  if (!diff.differs) return null
  const chain = (keys: string[], missing: string[]): string =>
    `${keys.join(' > ') || 'nothing'}${missing.length ? ` (it has no ${missing.join(', ')})` : ''}`
  return `Hugging Face applies ${chain(diff.a, diff.missingA)}; llama.cpp applies ${chain(diff.b, diff.missingB)} (this run: ${formatOrder(params.order)})`
}

export function printScore(io: Io, r: ScoreResult): void {
  const ranked = r.histogram !== undefined
  const head = ['token', 'probability', 'log-prob', ...(ranked ? ['rank'] : [])]
  io.out(
    table(
      head,
      r.steps.map((s) => [
        visible(s.token),
        formatProb(s.prob),
        formatLogProb(s.logProb),
        ...(ranked ? [String(s.rank)] : []),
      ]),
    ),
  )
  io.out('')
  io.out(`P = ${chainRule(r)}, log P = ${formatLogProb(r.logProb)}`)
  if (r.histogram) io.out(`ranks: ${RANK_BUCKETS.map((b) => `${b} ${r.histogram?.[b]}`).join(', ')}`)
}

export function printRuns(io: Io, runs: RunSummary[]): void {
  if (runs.length === 0) {
    io.out('no runs yet; start one with: run --model seed-weather --strategy greedy')
    return
  }
  io.out(
    table(
      ['run', 'experiment', 'model', 'prompt', 'strategy', 'status', 'created'],
      runs.map((r) => [
        String(r.id),
        String(r.experimentId),
        r.model,
        visible(r.prompt),
        formatStrategy(r.strategy),
        r.status,
        r.createdAt,
      ]),
    ),
  )
}

/** Acceptance rate and target calls saved, e.g. "acceptance 62.5% (5 of 8 drafted tokens), 4 target calls for 9 tokens: 5 saved". */
export function speculativeLine(s: SpeculativeStats): string {
  const rate = s.acceptanceRate === null ? '-' : `${(100 * s.acceptanceRate).toFixed(1)}%`
  return `acceptance ${rate} (${s.accepted} of ${s.drafted} drafted tokens), ${s.targetCalls} target calls for ${s.tokens} tokens: ${s.targetCallsSaved} saved`
}

/** What a node's flags say: forced, and what became of the draft model's proposals of it. */
function flags(n: TreeNode): string {
  const parts: string[] = []
  if (n.forced) parts.push('forced')
  if (n.draft) parts.push(`drafted ${n.draft.proposed}: accepted ${n.draft.accepted}, rejected ${n.draft.rejected}`)
  return parts.length ? `  (${parts.join('; ')})` : ''
}

export function printRun(io: Io, r: StoredRunDetail): void {
  io.out(
    `run ${r.id} of experiment ${r.experimentId}: ${formatStrategy(r.strategy)} on ${r.model}, prompt "${visible(r.prompt)}"`,
  )
  io.out(
    `status ${r.status}${r.error ? ` (${r.error})` : ''}, ${r.treeNodes} tree nodes, ${r.elapsedMs?.toFixed(1) ?? '-'} ms`,
  )
  if (r.speculative) io.out(`speculative: ${speculativeLine(r.speculative)}`)
  io.out('')
  io.out(table(HEADER, sequenceRows(r.strategy.name, r.sequences)))
  io.out('')
  for (const s of r.sequences) io.out(`  ${visible(s.text) || '(empty)'}: ${chainRule(s)}`)
  io.out('')
  io.out('tree (depth, token, P, status):')
  const shown = r.tree.slice(0, 200)
  for (const n of shown) {
    const token = n.tokenId === null ? '(prompt)' : visible(n.text)
    const extra = n.expanded ? `  [entropy ${n.entropy?.toFixed(3)}, other ${formatProb(n.otherMass ?? 0)}]` : ''
    io.out(`${'  '.repeat(n.depth)}${token}  ${formatProb(n.prob)}  ${n.status}${extra}${flags(n)}`)
  }
  if (r.tree.length > shown.length) io.out(`… ${r.tree.length - shown.length} more nodes (use --json for all)`)
}
