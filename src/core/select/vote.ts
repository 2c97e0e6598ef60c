import { InputError } from '../errors'
import type { AnswerCount } from '../types'

export type { AnswerCount }

export interface Vote {
  /** Every answer with its count, most frequent first; ties to the answer that appeared first. */
  answers: AnswerCount[]
  /** Per sample: its answer, null when the pattern found none. */
  perSample: (string | null)[]
  /** The samples whose text the pattern did not match. */
  unanswered: number
}

/** Compiles `answerPattern`, refusing one that is not a regex or has no capture group. */
export function answerRegex(pattern: string): RegExp {
  let re: RegExp
  try {
    re = new RegExp(pattern, 'u')
  } catch (err) {
    throw new InputError(`answerPattern "${pattern}" is not a valid regular expression: ${(err as Error).message}`)
  }
  // A pattern with n groups matches the empty string with n + 1 entries: the probe counts them.
  const groups = new RegExp(`${pattern}|`, 'u').exec('')!.length - 1
  if (groups < 1)
    throw new InputError(
      `answerPattern "${pattern}" has no capture group; put the answer in parentheses, e.g. "answer is (\\d+)"`,
    )
  return re
}

/**
 * Self-consistency (Wang et al. 2023): each sample's answer is its whole text, or with a pattern the
 * first capture group of the pattern's first match; the most frequent answer wins.
 */
export function vote(texts: readonly string[], pattern?: string): Vote {
  const re = pattern === undefined ? null : answerRegex(pattern)
  const perSample = texts.map((t) => {
    if (!re) return t
    const m = re.exec(t)
    return m && m[1] !== undefined ? m[1] : null
  })
  const byAnswer = new Map<string, AnswerCount>()
  perSample.forEach((a, i) => {
    if (a === null) return
    let entry = byAnswer.get(a)
    if (!entry) byAnswer.set(a, (entry = { answer: a, count: 0, samples: [] }))
    entry.count++
    entry.samples.push(i)
  })
  // Map order is first appearance; a stable sort keeps it among equal counts.
  const answers = [...byAnswer.values()].sort((a, b) => b.count - a.count)
  return { answers, perSample, unanswered: perSample.filter((a) => a === null).length }
}
