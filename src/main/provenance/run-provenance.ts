import type { ChatRecord } from '../../core/chat'
import type { ModelDescription } from '../../core/model-description'
import type { RunModelOptions, RunProvenance } from '../../core/records'
import type { StrategySpec } from '../../core/strategy-spec'
import { strategyRecord } from '../../core/strategy-record'
import type { LanguageModel } from '../../core/types'
import { ownModelDescription } from '../models/own-model-description'
import { appVersion } from './app-version'

type ModelPart = Pick<RunProvenance, 'model' | 'backend' | 'nondeterminism'>

/** The model's part of the record, once per loaded model: every run on it shares it. */
const modelParts = new WeakMap<LanguageModel, Promise<ModelPart>>()

/** The run record of one run of `spec` on `model`, from what the model says of itself (its file, its hash, describe()). */
export async function runProvenance(
  model: LanguageModel,
  spec: StrategySpec,
  chat?: ChatRecord,
  modelOptions?: RunModelOptions,
): Promise<RunProvenance> {
  let part = modelParts.get(model)
  if (!part) {
    part = modelPart(model)
    modelParts.set(model, part)
    // A failure (the file gone, say) is not kept: the next run tries again.
    part.catch(() => modelParts.delete(model))
  }
  const { model: m, backend, nondeterminism } = await part
  // In the order of the report schema, so that an exported and re-imported run exports to the same bytes.
  const record: RunProvenance = {
    app: { name: 'decoding-lab', version: appVersion() },
    model: m,
    backend,
    strategy: strategyRecord(spec),
    nondeterminism,
  }
  const withChat = chat ? { ...record, chat: { templateSha256: chat.templateSha256, system: chat.system } } : record
  const options = recordedOptions(modelOptions)
  return options ? { ...withChat, modelOptions: options } : withChat
}

/** The options set, in the schema's order; null when none is. */
function recordedOptions(o: RunModelOptions | undefined): RunModelOptions | null {
  const out: RunModelOptions = {
    ...(o?.contextSize === undefined ? {} : { contextSize: o.contextSize }),
    ...(o?.gpuLayers === undefined ? {} : { gpuLayers: o.gpuLayers }),
  }
  return Object.keys(out).length ? out : null
}

async function modelPart(model: LanguageModel): Promise<ModelPart> {
  const { backend, quantisation, nondeterminism } = describe(model)
  const sha256 = model.file ? await model.file.sha256() : null
  return { model: { id: model.id, kind: model.kind, sha256, quantisation }, backend, nondeterminism }
}

/** A table or n-gram model made in memory (by a test) has no file and no describe(): the app is its backend all the same. */
function describe(model: LanguageModel): ModelDescription {
  if (model.describe) return model.describe()
  if (model.kind === 'table' || model.kind === 'ngram') return ownModelDescription(model.kind)
  throw new Error(`the ${model.kind} model ${model.id} does not describe itself`)
}
