import type { ScoreResult } from '../../core/score'
import { sequenceSummary, type SequenceMetrics } from '../../core/metrics/sequence-metrics'
import type { LanguageModel, Sequence } from '../../core/types'
import { withProcessed } from '../../core/report/processed-fields'
import type { RunReport } from '../runs/run-experiment'
import type { RunSummary, StoredRunDetail } from '../store/runs-repo'

/** The `run --json` contract: other tools parse it, so its shape is fixed. */
export function experimentJson(
  model: LanguageModel,
  prompt: string,
  result: { experimentId: number; runs: RunReport[] },
) {
  return {
    experimentId: result.experimentId,
    model: { id: model.id, kind: model.kind, vocabSize: model.vocabSize },
    prompt,
    runs: result.runs.map((r) => ({
      id: r.id,
      strategy: r.strategy,
      status: r.status,
      ...(r.error ? { error: r.error.message } : {}),
      ...(r.result?.optimal !== undefined ? { optimal: r.result.optimal } : {}),
      sequences: (r.result?.sequences ?? []).map((s, i) => sequenceJson(s, r.metrics?.sequences[i])),
      treeNodes: r.result?.tree.length ?? 0,
      elapsedMs: r.elapsedMs,
      ...(r.result?.warnings.length ? { warnings: r.result.warnings } : {}),
      ...(r.result?.speculative ? { speculative: r.result.speculative } : {}),
      ...(r.result?.vote ? { vote: r.result.vote } : {}),
      ...(r.metrics
        ? {
            metrics: {
              selfBleu4: r.metrics.selfBleu4,
              zipf: r.metrics.zipf,
              searchGap: r.metrics.searchGap,
              ...(r.metrics.searchGapNote ? { searchGapNote: r.metrics.searchGapNote } : {}),
            },
          }
        : {}),
    })),
  }
}

export function sequenceJson(s: Sequence, metrics?: SequenceMetrics) {
  return {
    tokens: s.tokens,
    text: s.text,
    logProb: s.logProb,
    probability: s.probability,
    finished: s.finished,
    ...(s.stopReason !== undefined ? { stopReason: s.stopReason } : {}),
    steps: s.steps.map((st) => ({ token: st.token, prob: st.prob, logProb: st.logProb })),
    ...(s.expectedUtility !== undefined ? { expectedUtility: s.expectedUtility } : {}),
    ...(s.answer !== undefined ? { answer: s.answer } : {}),
    // +Infinity where the amateur gave a token probability 0: JSON has no Infinity, so it goes as a string.
    ...(s.contrastiveScore !== undefined
      ? { contrastiveScore: Number.isFinite(s.contrastiveScore) ? s.contrastiveScore : String(s.contrastiveScore) }
      : {}),
    ...(metrics ? { metrics: sequenceSummary(metrics) } : {}),
  }
}

export function scoreJson(r: ScoreResult) {
  return {
    tokens: r.tokens,
    steps: r.steps.map((st) => ({
      token: st.token,
      prob: st.prob,
      logProb: st.logProb,
      ...(st.rank !== undefined ? { rank: st.rank } : {}),
    })),
    probability: r.probability,
    logProb: r.logProb,
    ...(r.histogram ? { histogram: r.histogram } : {}),
  }
}

export function runSummaryJson(r: RunSummary) {
  return {
    id: r.id,
    experimentId: r.experimentId,
    model: r.model,
    modelKind: r.modelKind,
    prompt: r.prompt,
    strategy: r.strategy,
    status: r.status,
    error: r.error,
    ...(r.optimal !== null ? { optimal: r.optimal } : {}),
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    elapsedMs: r.elapsedMs,
    treeNodes: r.treeNodes,
  }
}

export function runDetailJson(r: StoredRunDetail) {
  return {
    ...runSummaryJson(r),
    warnings: r.warnings,
    ...(r.speculative ? { speculative: r.speculative } : {}),
    sequences: r.sequences.map((s) => sequenceJson(s)),
    tree: r.tree.map(withProcessed),
  }
}
