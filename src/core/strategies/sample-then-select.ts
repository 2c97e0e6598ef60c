import type { DecodeContext } from '../decode-context'
import { textTokens } from '../metrics/sequence-metrics'
import type { Processor } from '../processors'
import { mbrRank } from '../select/mbr'
import type { UtilityName } from '../select/utility'
import { vote as countVotes } from '../select/vote'
import type { Sequence } from '../types'
import { sampling } from './sampling'
import { z } from 'zod'
import { SEEDED_NAMES_ZH, seed, wholeAtLeast } from './params'
import { defineStrategy, seedOf, type StrategyOutput } from './strategy'

export interface SampleParams {
  seed: number
  samples: number
}

/**
 * The proposal's samples, with the tree's `chosen` taken back: sampling marks every sample's path
 * chosen, and here only the selected one is. Nothing else in the tree is chosen before (forced
 * tokens are kept), so every chosen node is a sample's.
 */
async function proposals(
  ctx: DecodeContext,
  proposal: readonly Processor[],
  params: SampleParams,
): Promise<Sequence[]> {
  const { sequences } = await sampling(ctx, proposal, params)
  // mark() never lowers a status: this is the one place a status is taken back, before the selection marks its own.
  for (const node of ctx.tree.nodes) if (node.status === 'chosen') node.status = 'kept'
  return sequences
}

export interface MbrParams extends SampleParams {
  utility: UtilityName
}

/**
 * Minimum Bayes risk decoding (Eikema & Aziz 2020): `samples` draws from the proposal, ranked by their
 * mean utility against the other samples (select/mbr.ts); the best is the tree's chosen path.
 */
export async function mbr(
  ctx: DecodeContext,
  proposal: readonly Processor[],
  { utility, ...params }: MbrParams,
): Promise<StrategyOutput> {
  const drawn = await proposals(ctx, proposal, params)
  const { order, expectedUtility } = mbrRank(
    drawn.map((s) => ({ text: s.text, tokens: textTokens(s) })),
    utility,
  )
  ctx.tree.markPath(drawn[order[0]].nodeId, 'chosen')
  return { sequences: order.map((i) => ({ ...drawn[i], expectedUtility: expectedUtility[i] })) }
}

export interface VoteParams extends SampleParams {
  /** A regex whose first capture group is the answer; the whole text when absent. */
  answerPattern?: string
}

/**
 * Self-consistency (Wang et al. 2023): `samples` draws, each reduced to its answer, the most frequent
 * answer wins. The sequences come grouped by answer, the winner's first (its first sample is the
 * tree's chosen path), those without an answer last; each sequence carries its answer.
 */
export async function vote(
  ctx: DecodeContext,
  proposal: readonly Processor[],
  { answerPattern, ...params }: VoteParams,
): Promise<StrategyOutput> {
  const drawn = await proposals(ctx, proposal, params)
  const counted = countVotes(
    drawn.map((s) => s.text),
    answerPattern,
  )
  const order = [
    ...counted.answers.flatMap((a) => a.samples),
    ...counted.perSample.flatMap((a, i) => (a === null ? [i] : [])),
  ]
  const position = new Map(order.map((sample, pos) => [sample, pos]))
  if (counted.answers.length > 0) ctx.tree.markPath(drawn[counted.answers[0].samples[0]].nodeId, 'chosen')
  return {
    sequences: order.map((i) => ({ ...drawn[i], answer: counted.perSample[i] })),
    vote: {
      answers: counted.answers.map((a) => ({ ...a, samples: a.samples.map((s) => position.get(s) as number) })),
      unanswered: counted.unanswered,
    },
  }
}

const proposalSummary =
  '`proposal` (`nucleus:p=0.9`; any of nucleus, topk, minp, typical, sample, its own parameters after it)'

export const mbrStrategy = defineStrategy({
  display: {
    zh: '最小贝叶斯风险解码',
    params: { ...SEEDED_NAMES_ZH },
    textParams: { proposal: '候选生成策略', utility: '效用函数' },
  },
  summary: `\`samples\` (16), \`seed\`, ${proposalSummary}, \`utility\` (\`chrf\` \\| \`bleu\`): minimum Bayes risk (Eikema & Aziz 2020), each sample ranked by its mean utility against the other samples; chrF is sacrebleu's (character 6-grams, β = 2) on a 0–1 scale, BLEU is BLEU-4 on the model's tokens as in Self-BLEU; \`run --json\` gives each sequence's \`expectedUtility\`, and the best is the tree's \`chosen\` path`,
  schema: () => z.strictObject({ samples: wholeAtLeast('samples', 1, 10_000).default(16), seed: seed() }),
  textParams: { proposal: 'nucleus:p=0.9', utility: 'chrf' },
  run: (ctx, p, { processors, textParams }) =>
    mbr(ctx, processors, { seed: seedOf(p), samples: p.samples, utility: textParams.utility as UtilityName }),
  presets: [{ samples: 16, proposal: 'nucleus:p=0.9', utility: 'chrf' }],
})

export const voteStrategy = defineStrategy({
  display: {
    zh: '自洽投票',
    params: { ...SEEDED_NAMES_ZH },
    textParams: { proposal: '候选生成策略', answerPattern: '答案正则' },
  },
  summary:
    "`samples` (16), `seed`, `proposal` (`nucleus:p=0.9`), `answerPattern` (a regex, last in the spec: its first capture group is the answer; the whole text without it): self-consistency (Wang et al. 2023); `run --json` gives each sequence's `answer` and the run's `vote: {answers: [{answer, count, samples}], unanswered}`, most frequent first, ties to the first seen",
  schema: () => z.strictObject({ samples: wholeAtLeast('samples', 1, 100_000).default(16), seed: seed() }),
  textParams: { proposal: 'nucleus:p=0.9', answerPattern: undefined },
  run: (ctx, p, { processors, textParams }) =>
    vote(ctx, processors, { seed: seedOf(p), samples: p.samples, answerPattern: textParams.answerPattern }),
  presets: [{ samples: 16, proposal: 'nucleus:p=0.9' }],
})
