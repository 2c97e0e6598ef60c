import type { ScoreResult } from '../../core/score'
import { formatStrategy } from '../../core/strategy-spec'
import type { LanguageModel, Sequence } from '../../core/types'
import type { RunReport } from '../run-experiment'
import type { RunDetail, RunSummary } from '../store/runs-repo'
import type { Io } from './commands'
import { chainRule, formatLogProb, formatProb, table, visible } from './format'

function sequenceRows(label: string, sequences: Sequence[]): string[][] {
  return sequences.map((s, i) => [
    i === 0 ? label : '',
    visible(s.tokens.join(' ')),
    formatProb(s.probability),
    formatLogProb(s.logProb),
    s.steps.length ? Math.exp(-s.logProb / s.steps.length).toFixed(3) : '-',
    String(s.steps.length),
    s.finished ? 'yes' : 'no (max tokens)',
  ])
}

const HEADER = ['strategy', 'tokens', 'probability', 'log-prob', 'perplexity', 'length', 'finished']

export function printExperiment(io: Io, model: LanguageModel, prompt: string, result: { experimentId: number; runs: RunReport[] }): void {
  io.out(`experiment ${result.experimentId}: model ${model.id} (${model.kind}, ${model.vocabSize} tokens), prompt "${visible(prompt)}"`)
  io.out('')
  const rows = result.runs.flatMap((r) =>
    r.result ? sequenceRows(formatStrategy(r.strategy), r.result.sequences) : [[formatStrategy(r.strategy), `(${r.status}: ${r.error?.message ?? ''})`, '', '', '', '', '']],
  )
  io.out(table(HEADER, rows))
  io.out('')
  io.out('chain rule, P(X) = ∏ P(x_t | x_<t):')
  for (const r of result.runs) {
    for (const s of r.result?.sequences ?? []) io.out(`  run ${r.id} ${r.strategy.name}  ${visible(s.text) || '(empty)'}: ${chainRule(s)}`)
    if (r.result?.optimal === false) io.out(`  run ${r.id} exact: budget spent, the result may not be the most probable sequence`)
    for (const w of r.result?.warnings ?? []) io.out(`  run ${r.id} warning: ${w}`)
  }
  io.out('')
  io.out(`saved: ${result.runs.map((r) => `run ${r.id} (${r.status}, ${r.result?.tree.length ?? 0} tree nodes)`).join(', ')}`)
}

export function printScore(io: Io, r: ScoreResult): void {
  io.out(table(['token', 'probability', 'log-prob'], r.steps.map((s) => [visible(s.token), formatProb(s.prob), formatLogProb(s.logProb)])))
  io.out('')
  io.out(`P = ${chainRule(r)}, log P = ${formatLogProb(r.logProb)}`)
}

export function printRuns(io: Io, runs: RunSummary[]): void {
  if (runs.length === 0) {
    io.out('no runs yet; start one with: run --model seed-weather --strategy greedy')
    return
  }
  io.out(
    table(
      ['run', 'experiment', 'model', 'prompt', 'strategy', 'status', 'created'],
      runs.map((r) => [String(r.id), String(r.experimentId), r.model, visible(r.prompt), formatStrategy(r.strategy), r.status, r.createdAt]),
    ),
  )
}

export function printRun(io: Io, r: RunDetail): void {
  io.out(`run ${r.id} of experiment ${r.experimentId}: ${formatStrategy(r.strategy)} on ${r.model}, prompt "${visible(r.prompt)}"`)
  io.out(`status ${r.status}${r.error ? ` (${r.error})` : ''}, ${r.treeNodes} tree nodes, ${r.elapsedMs?.toFixed(1) ?? '-'} ms`)
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
    io.out(`${'  '.repeat(n.depth)}${token}  ${formatProb(n.prob)}  ${n.status}${extra}`)
  }
  if (r.tree.length > shown.length) io.out(`… ${r.tree.length - shown.length} more nodes (use --json for all)`)
}
