import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { ChatRecord } from '../../core/chat'
import { ggufQuantisation } from '../../core/gguf/quantisation'
import type { RunProvenance } from '../../core/records'
import type { StrategySpec } from '../../core/strategy-spec'
import { strategyRecord } from '../../core/strategy-record'
import type { LanguageModel } from '../../core/types'
import type { GgufLanguageModel } from '../models/gguf-model'
import { describeGpuUse } from '../models/gguf-gpu'
import { inspectGgufFile } from '../models/gguf-model'
import type { RemoteModel } from '../models/remote/remote-model'
import { appVersion } from '../report/app-version'
import { modelFile, modelSha256 } from '../report/model-hash'

type ModelPart = Pick<RunProvenance, 'model' | 'backend' | 'nondeterminism'>

/** By file, size and modification time: a multi-gigabyte GGUF file is hashed once per process. */
const hashes = new Map<string, Promise<string | null>>()

function fileSha256(modelId: string, file: string | null): Promise<string | null> {
  if (!file) return Promise.resolve(null)
  let key: string
  try {
    const stat = fs.statSync(file)
    key = `${file}\0${stat.size}\0${stat.mtimeMs}`
  } catch {
    return Promise.resolve(null)
  }
  let hash = hashes.get(key)
  if (!hash) {
    hash = modelSha256(modelId).catch(() => null)
    hashes.set(key, hash)
  }
  return hash
}

/** The model's part of the record, once per loaded model: every run on it shares it. */
const modelParts = new WeakMap<LanguageModel, Promise<ModelPart>>()

/** The run record of one run of `spec` on `model`. */
export async function runProvenance(model: LanguageModel, spec: StrategySpec, chat?: ChatRecord): Promise<RunProvenance> {
  let part = modelParts.get(model)
  if (!part) {
    part = modelPart(model)
    modelParts.set(model, part)
    // A failure (the file gone, say) is not kept: the next run tries again.
    part.catch(() => modelParts.delete(model))
  }
  const { model: m, backend, nondeterminism } = await part
  // In the order of the report schema, so that an exported and re-imported run exports to the same bytes.
  const record: RunProvenance = { app: { name: 'decoding-lab', version: appVersion() }, model: m, backend, strategy: strategyRecord(spec), nondeterminism }
  return chat ? { ...record, chat: { templateSha256: chat.templateSha256, system: chat.system } } : record
}

async function modelPart(model: LanguageModel): Promise<ModelPart> {
  const file = modelFile(model.id)
  const sha256 = await fileSha256(model.id, file)
  const base = { id: model.id, kind: model.kind, sha256, quantisation: null }
  switch (model.kind) {
    case 'table':
      return { model: base, backend: { name: 'Decoding Lab table model', version: appVersion(), detail: null }, nondeterminism: null }
    case 'ngram':
      return { model: base, backend: { name: 'Decoding Lab n-gram model (interpolated Kneser-Ney)', version: appVersion(), detail: null }, nondeterminism: null }
    case 'gguf': {
      const gguf = model as GgufLanguageModel
      const quantisation = file ? ggufQuantisation(inspectGgufFile(file).header) : null
      const llama = llamaCppBuild()
      const via = gguf.distributions.via === 'logits' ? "logits through Decoding Lab's addon" : "node-llama-cpp's probability Map"
      const gpu = gguf.gpu
      return {
        model: { ...base, quantisation },
        backend: {
          name: 'node-llama-cpp',
          version: llama.nodeLlamaCpp,
          detail: `llama.cpp ${llama.llamaCpp}; ${describeGpuUse(gpu)}, ${gguf.threads} thread${gguf.threads === 1 ? '' : 's'}; distributions: ${via}`,
          gpu: { backend: gpu.backend, device: gpu.device, layers: gpu.layers, reason: gpu.reason },
        },
        nondeterminism:
          gpu.backend === null
            ? {
                code: 'llama-cpu',
                note: 'llama.cpp repeats this run bit for bit with the same build, CPU type and thread count (every run starts from an empty KV cache); another CPU or build can round logits differently, which changes a token only where two candidates are that close',
              }
            : {
                code: 'llama-gpu',
                note: `llama.cpp's ${gpu.backend} kernels usually repeat this run on the same device, driver, build and layer count; another GPU, driver or offload can round logits differently, which changes a token only where two candidates are that close`,
              },
      }
    }
    case 'remote': {
      const api = (model as Partial<RemoteModel>).api?.name
      const name = api === 'llama-server' ? "llama-server's /completion" : api === 'openai' ? 'OpenAI-compatible /v1/completions' : 'remote engine'
      return {
        model: base,
        backend: { name, version: null, detail: null },
        nondeterminism: {
          code: 'remote-batching',
          note: 'a remote engine can batch this run with other requests and round logits differently; a re-run usually, but not always, repeats it',
        },
      }
    }
  }
}

let build: { nodeLlamaCpp: string | null; llamaCpp: string } | undefined

/** node-llama-cpp's version and the llama.cpp release and commit it ships. */
function llamaCppBuild(): { nodeLlamaCpp: string | null; llamaCpp: string } {
  if (build) return build
  try {
    // node-llama-cpp/dist/index.js, two levels below the package.
    const dir = path.dirname(path.dirname(createRequire(__filename).resolve('node-llama-cpp')))
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }
    const info = JSON.parse(fs.readFileSync(path.join(dir, 'llama', 'llama.cpp.info.json'), 'utf8')) as { tag: string }
    // A git bundle starts with its heads: "# v2 git bundle\n<commit> HEAD\n".
    const fd = fs.openSync(path.join(dir, 'llama', 'gitRelease.bundle'), 'r')
    const buf = Buffer.alloc(200)
    const head = buf.subarray(0, fs.readSync(fd, buf, 0, 200, 0)).toString('latin1')
    fs.closeSync(fd)
    const commit = /^([0-9a-f]{40}) /m.exec(head)?.[1]
    build = { nodeLlamaCpp: pkg.version, llamaCpp: commit ? `${info.tag} (${commit.slice(0, 12)})` : info.tag }
  } catch {
    build = { nodeLlamaCpp: null, llamaCpp: 'unknown' }
  }
  return build
}
