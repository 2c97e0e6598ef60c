import { sortedCandidates, summarize } from '../src/core/distribution'
import { applyChain, temperature, topK, topP } from '../src/core/processors'
import { TokenHistory } from '../src/core/processors/history'
import { processedProbs, traceChain } from '../src/core/processors/trace'
import { minP } from '../src/core/processors/truncation'
import { seededRandom } from '../src/core/rng'
import { ProbabilityTree } from '../src/core/tree'
import { medianMs } from './measure'

const VOCAB = 32_000
const TOP_N = 10
const REPS = 200

function plainSoftmax(logits: Float32Array, out: Float32Array): void {
  let max = -Infinity
  for (let i = 0; i < logits.length; i++) if (logits[i] > max) max = logits[i]
  let z = 0
  for (let i = 0; i < logits.length; i++) z += out[i] = Math.exp(logits[i] - max)
  for (let i = 0; i < logits.length; i++) out[i] /= z
}

/**
 * Recording one expanded node (softmax, entropy, top-N, node records) against one plain softmax pass;
 * then the same with the processed distribution recorded too (each stored candidate's processedProb
 * and filteredBy, from the chain the sampling step runs anyway), and what tracing that chain adds
 * to running it (llama-server's default truncations: temperature, top-k 40, top-p 0.95, min-p 0.05).
 */
export function benchRecording(): Record<string, number> {
  const random = seededRandom(1)
  const logits = Float32Array.from({ length: VOCAB }, () => (random() - 0.5) * 12)
  const out = new Float32Array(VOCAB)
  const softmaxMs =
    medianMs(() => {
      for (let r = 0; r < REPS; r++) plainSoftmax(logits, out)
    }) / REPS
  const recordMs =
    medianMs(() => {
      for (let r = 0; r < REPS; r++) {
        const tree = new ProbabilityTree((id) => `t${id}`)
        tree.expand(0, summarize({ kind: 'logits', logits }, TOP_N), TOP_N)
      }
    }) / REPS
  const own = sortedCandidates({ kind: 'logits', logits })
  const chain = [topK(40), topP(0.95), minP(0.05), temperature(0.8)]
  const history = new TokenHistory([1, 2, 3])
  const watch = Array.from(own.ids.subarray(0, TOP_N))
  const traced = traceChain(chain, own, history, watch)
  const processedRecordMs =
    medianMs(() => {
      for (let r = 0; r < REPS; r++) {
        const tree = new ProbabilityTree((id) => `t${id}`)
        tree.expand(0, summarize({ kind: 'logits', logits }, TOP_N), TOP_N)
        tree.recordProcessed(0, watch, processedProbs(traced.out, watch), traced.filteredBy)
      }
    }) / REPS
  const chainMs =
    medianMs(() => {
      for (let r = 0; r < REPS; r++) applyChain(chain, own, history)
    }) / REPS
  const tracedMs =
    medianMs(() => {
      for (let r = 0; r < REPS; r++) traceChain(chain, own, history, watch)
    }) / REPS
  // The chain on the whole vocabulary, no truncation first: temperature alone, traced.
  const fullChain = [temperature(0.8)]
  const fullTracedMs =
    medianMs(() => {
      for (let r = 0; r < REPS; r++) traceChain(fullChain, own, history, watch)
    }) / REPS
  const fullMs =
    medianMs(() => {
      for (let r = 0; r < REPS; r++) applyChain(fullChain, own, history)
    }) / REPS
  return {
    'recording.softmaxMs': softmaxMs,
    'recording.recordMs': recordMs,
    'recording.ratio': recordMs / softmaxMs,
    'recording.processedRecordMs': processedRecordMs,
    'recording.processedRatio': processedRecordMs / softmaxMs,
    'recording.chainMs': chainMs,
    'recording.tracedChainMs': tracedMs,
    'recording.traceOverheadRatio': tracedMs / chainMs,
    'recording.fullVocabTemperatureToSoftmax': fullMs / softmaxMs,
    'recording.fullVocabTraceOverheadRatio': fullTracedMs / fullMs,
  }
}
