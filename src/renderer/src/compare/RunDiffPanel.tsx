import { useState } from 'react'
import { diffRuns, type RunDiff } from '../../../core/diff/run-diff'
import type { RunDetail } from '../../../core/records'
import { visibleToken } from '../../../core/report/visible-token'
import type { TreeNode } from '../../../core/types'
import { lab } from '../api/client'
import { useT } from '../i18n/i18n'
import { StepChart } from './StepChart'

interface Outcome {
  a: RunDetail
  b: RunDetail
  diff: RunDiff
}

/** The token a run's best sequence chose at a step, as the tree shows it. */
function chosenText(run: RunDetail, step: number): string {
  const path: TreeNode[] = []
  for (let n: TreeNode | undefined = run.tree[run.sequences[0].nodeId]; n && n.parent !== null; n = run.tree[n.parent])
    path.push(n)
  return visibleToken(path.reverse()[step]?.text ?? '')
}

/** "Compare with…": where this run's best sequence and another run's part, and how their distributions differ before. */
export function RunDiffPanel({ runs }: { runs: RunDetail[] }) {
  const t = useT()
  const [baseId, setBaseId] = useState<number>(runs[0]?.id ?? 0)
  const [otherText, setOtherText] = useState('')
  const [problem, setProblem] = useState('')
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const base = runs.find((r) => r.id === baseId) ?? runs[0]
  if (!base) return null

  const compare = async (e: React.FormEvent): Promise<void> => {
    e.preventDefault()
    setProblem('')
    setOutcome(null)
    const id = Number(otherText)
    if (!Number.isInteger(id) || id < 1) return setProblem(t('diff.badId'))
    let other: RunDetail
    try {
      other = await lab.invoke('run.get', { runId: id })
    } catch (err) {
      return setProblem((err as Error).message)
    }
    if (other.prompt !== base.prompt)
      return setProblem(t('diff.otherPrompt', { other: other.id, prompt: other.prompt }))
    for (const r of [base, other]) if (r.sequences.length === 0) return setProblem(t('diff.noSequence', { id: r.id }))
    setOutcome({
      a: base,
      b: other,
      diff: diffRuns(
        { tree: base.tree, nodeId: base.sequences[0].nodeId },
        { tree: other.tree, nodeId: other.sequences[0].nodeId },
      ),
    })
  }

  const finite = (x: number): number | null => (Number.isFinite(x) ? x : null)
  return (
    <section className="run-diff" aria-label={t('diff.aria')}>
      <h3>{t('diff.title')}</h3>
      <form onSubmit={(e) => void compare(e)}>
        <label>
          {t('diff.base')}{' '}
          <select aria-label={t('diff.baseAria')} value={base.id} onChange={(e) => setBaseId(Number(e.target.value))}>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                #{r.id} {r.strategy.name}
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          {t('diff.other')}
          <input
            aria-label={t('diff.otherAria')}
            size={6}
            inputMode="numeric"
            value={otherText}
            onChange={(e) => setOtherText(e.target.value)}
          />
        </label>{' '}
        <button type="submit">{t('diff.go')}</button>
      </form>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {outcome && (
        <div className="run-diff-result">
          <p className="diff-first">
            {outcome.diff.firstDifference === null
              ? t('diff.same', { a: outcome.a.id, b: outcome.b.id })
              : t('diff.first', {
                  step: outcome.diff.firstDifference + 1,
                  a: chosenText(outcome.a, outcome.diff.firstDifference),
                  b: chosenText(outcome.b, outcome.diff.firstDifference),
                  runA: outcome.a.id,
                  runB: outcome.b.id,
                })}
          </p>
          {outcome.diff.largestChosenDifference && (
            <p className="diff-largest">
              {t('diff.largest', {
                step: outcome.diff.largestChosenDifference.step + 1,
                token: chosenText(outcome.a, outcome.diff.largestChosenDifference.step),
                pa: outcome.diff.largestChosenDifference.probA.toFixed(4),
                pb: outcome.diff.largestChosenDifference.probB.toFixed(4),
              })}
            </p>
          )}
          <StepChart
            caption={t('diff.chart')}
            xLabel={t('compare.step')}
            yLabel={t('diff.chartAxis')}
            note={t('diff.note')}
            series={[
              {
                key: 'kl',
                name: t('diff.kl', { a: outcome.a.id, b: outcome.b.id }),
                values: stepValues(outcome.diff, (s) => finite(s.klAB)),
              },
              { key: 'tv', name: t('diff.tv'), values: stepValues(outcome.diff, (s) => s.tv) },
            ]}
          />
        </div>
      )}
    </section>
  )
}

/** One value per step from the first, null where the diff has no step (a distribution not recorded). */
function stepValues(diff: RunDiff, value: (s: RunDiff['steps'][number]) => number | null): (number | null)[] {
  const last = diff.steps.length ? diff.steps[diff.steps.length - 1].step : -1
  const out: (number | null)[] = new Array(last + 1).fill(null)
  for (const s of diff.steps) out[s.step] = value(s)
  return out
}
