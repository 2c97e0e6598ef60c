import { summarize } from '../src/core/distribution'
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

/** Recording one expanded node (softmax, entropy, top-N, node records) against one plain softmax pass. */
export function benchRecording(): Record<string, number> {
  const random = seededRandom(1)
  const logits = Float32Array.from({ length: VOCAB }, () => (random() - 0.5) * 12)
  const out = new Float32Array(VOCAB)
  const softmaxMs = medianMs(() => {
    for (let r = 0; r < REPS; r++) plainSoftmax(logits, out)
  }) / REPS
  const recordMs = medianMs(() => {
    for (let r = 0; r < REPS; r++) {
      const tree = new ProbabilityTree((id) => `t${id}`)
      tree.expand(0, summarize({ kind: 'logits', logits }, TOP_N), TOP_N)
    }
  }) / REPS
  return { 'recording.softmaxMs': softmaxMs, 'recording.recordMs': recordMs, 'recording.ratio': recordMs / softmaxMs }
}
