import { DIFF_METHOD, diffRuns, type RunDiff } from '../../core/diff/run-diff'
import { InputError } from '../../core/errors'
import { formatStrategy } from '../../core/strategy-spec'
import type { TreeNode } from '../../core/types'
import { databasePath } from '../paths'
import { openDatabase } from '../store/database'
import { getRun, type StoredRunDetail } from '../store/runs-repo'
import { parse, required } from './args'
import { UsageError } from './cli-error'
import { table, visible } from './format'
import type { Io } from './io'

function runId(text: string): number {
  const id = Number(text)
  if (!Number.isInteger(id) || id < 1)
    throw new UsageError(`diff: RUN_A and RUN_B must be positive whole numbers, got "${text}"`)
  return id
}

function loadRun(db: Parameters<typeof getRun>[0], id: number, file: string): StoredRunDetail {
  const run = getRun(db, id)
  if (!run) throw new InputError(`diff: no run ${id} in ${file}; list the runs with: runs --db ${file}`)
  if (run.sequences.length === 0)
    throw new InputError(`diff: run ${id} has no sequence (it is ${run.status}); diff two runs that finished`)
  return run
}

/** Infinity does not survive JSON.stringify (it becomes null): it is written as the string "Infinity". */
const jsonNumber = (x: number): number | string => (Number.isFinite(x) ? x : String(x))

/** The token a node of the run's tree holds at its parent, as the tree shows it. */
function tokenText(tree: readonly TreeNode[], nodeId: number, step: number): string {
  const path: TreeNode[] = []
  for (let n: TreeNode | undefined = tree[nodeId]; n && n.parent !== null; n = tree[n.parent]) path.push(n)
  return path.reverse()[step]?.text ?? ''
}

export function diffJson(a: StoredRunDetail, b: StoredRunDetail, d: RunDiff) {
  const text = (run: StoredRunDetail, step: number) => tokenText(run.tree, run.sequences[0].nodeId, step)
  return {
    runA: { id: a.id, model: a.model, strategy: formatStrategy(a.strategy) },
    runB: { id: b.id, model: b.model, strategy: formatStrategy(b.strategy) },
    prompt: a.prompt,
    method: DIFF_METHOD,
    firstDifference: d.firstDifference,
    steps: d.steps.map((s) => ({
      ...s,
      textA: text(a, s.step),
      textB: text(b, s.step),
      klAB: jsonNumber(s.klAB),
      klBA: jsonNumber(s.klBA),
    })),
    largestChosenDifference: d.largestChosenDifference && {
      ...d.largestChosenDifference,
      text: text(a, d.largestChosenDifference.step),
    },
  }
}

const bar = (tv: number): string => '█'.repeat(Math.round(tv * 20)).padEnd(20, '·')

/** `diff RUN_A RUN_B`: where two runs of one prompt part, and how their distributions differ before. */
export async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parse('diff', args, { db: { type: 'string' }, json: { type: 'boolean' } }, 2)
  const ids = [runId(required('diff', 'RUN_A', positionals[0])), runId(required('diff', 'RUN_B', positionals[1]))]
  const file = databasePath(values.db)
  const db = openDatabase(file)
  try {
    const [a, b] = ids.map((id) => loadRun(db, id, file))
    if (a.prompt !== b.prompt) {
      throw new InputError(
        `diff: runs ${a.id} and ${b.id} have different prompts ("${visible(a.prompt)}" and "${visible(b.prompt)}"); diff compares runs of the same prompt`,
      )
    }
    const d = diffRuns({ tree: a.tree, nodeId: a.sequences[0].nodeId }, { tree: b.tree, nodeId: b.sequences[0].nodeId })
    const out = diffJson(a, b, d)
    if (values.json) {
      io.out(JSON.stringify(out))
      return 0
    }
    io.out(
      `diff of run ${a.id} (${a.model}, ${out.runA.strategy}) and run ${b.id} (${b.model}, ${out.runB.strategy}), prompt "${visible(a.prompt)}"`,
    )
    io.out(
      d.firstDifference === null
        ? 'the chosen tokens are the same at every step'
        : `first difference at step ${d.firstDifference + 1}: "${visible(tokenText(a.tree, a.sequences[0].nodeId, d.firstDifference))}" in run ${a.id}, "${visible(tokenText(b.tree, b.sequences[0].nodeId, d.firstDifference))}" in run ${b.id}`,
    )
    io.out('')
    const rows = out.steps.map((s) => [
      String(s.step + 1),
      visible(s.textA),
      visible(s.textB),
      s.probA.toFixed(4),
      s.probB.toFixed(4),
      typeof s.klAB === 'number' ? s.klAB.toFixed(5) : 'inf',
      typeof s.klBA === 'number' ? s.klBA.toFixed(5) : 'inf',
      s.tv.toFixed(4),
      bar(s.tv),
    ])
    io.out(
      table(
        [
          'step',
          `token ${a.id}`,
          `token ${b.id}`,
          `p ${a.id}`,
          `p ${b.id}`,
          `KL(${a.id}‖${b.id})`,
          `KL(${b.id}‖${a.id})`,
          'TV',
          'TV 0…1',
        ],
        rows,
      ),
    )
    io.out('')
    const l = out.largestChosenDifference
    if (l)
      io.out(
        `largest difference of a shared chosen token: step ${l.step + 1} "${visible(l.text)}", ${l.probA.toFixed(4)} against ${l.probB.toFixed(4)} (${l.difference.toFixed(4)})`,
      )
    io.out(`method: ${DIFF_METHOD}`)
    return 0
  } finally {
    db.close()
  }
}
