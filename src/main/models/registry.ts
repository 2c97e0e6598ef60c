import fs from 'node:fs'
import path from 'node:path'
import { InputError } from '../../core/errors'
import type { LanguageModel, ModelKind } from '../../core/types'
import { DATA_DIR, RESOURCES_DIR } from '../paths'
import { type GgufModelOptions, inspectGgufFile } from './gguf-model'
import { loadHostedGgufModel } from './gguf-host/hosted-gguf-model'
import { hasChatTemplate } from './has-chat-template'
import { cachedLayerSkipDraft } from './layer-skip-draft'
import { listSavedNgrams, loadNgramFile, NGRAM_SUFFIX, savedNgramFile } from './ngram-store'
import { findRemote, listRemotes, remoteApiKey } from './remote/remote-registry'
import { RemoteModel } from './remote/remote-model'
import { loadTableFile } from './table-file'

export interface ModelInfo {
  id: string
  kind: ModelKind
  builtin: boolean
  description: string
}

/** Options of how a model is loaded, where its kind has them. */
export type ModelLoadOptions = Pick<GgufModelOptions, 'contextSize' | 'gpu' | 'gpuLayers'>

interface Entry extends ModelInfo {
  /** A GGUF model's file. */
  file?: string
  /** A model's file made from another one on first use (where it has no `file`). */
  derivedFile?: () => string
  load(opts: ModelLoadOptions): Promise<LanguageModel>
}

const MODELS_DIR = path.join(RESOURCES_DIR, 'models')

const BUILTINS: Entry[] = [
  {
    id: 'seed-weather',
    kind: 'table',
    builtin: true,
    description: 'The textbook five-token model: greedy gives 天 气 好 with probability 0.6 × 0.9 × 0.8 × 1.0 = 0.432',
    load: async () => loadTableFile(path.join(MODELS_DIR, 'seed-weather.table.json'), 'seed-weather'),
  },
  {
    id: 'greedy-trap',
    kind: 'table',
    builtin: true,
    description: 'Greedy picks "the cat" (0.22); beam search of width 2 finds the more probable "a cat" (0.405)',
    load: async () => loadTableFile(path.join(MODELS_DIR, 'greedy-trap.table.json'), 'greedy-trap'),
  },
  {
    id: 'tang-poems',
    kind: 'gguf',
    builtin: true,
    description:
      'A small character-level llama model of Tang and Song poems (resources/models/README.md), run by llama.cpp',
    file: path.join(MODELS_DIR, 'tang-poems.gguf'),
    load: (opts) => loadHostedGgufModel(path.join(MODELS_DIR, 'tang-poems.gguf'), opts, 'tang-poems'),
  },
  {
    id: 'tang-poems-1block',
    kind: 'gguf',
    builtin: true,
    description:
      'tang-poems cut to its first block (of 2): same vocabulary, a weaker model, an amateur for contrastive decoding or a draft for speculative decoding; built on first use',
    derivedFile: () =>
      cachedLayerSkipDraft(path.join(MODELS_DIR, 'tang-poems.gguf'), 1, path.join(DATA_DIR, 'model-cache')),
    load(opts) {
      return loadHostedGgufModel((this.derivedFile as () => string)(), opts, 'tang-poems-1block')
    },
  },
]

/** The file behind a built-in model id (a derived one's made now if need be); null for any other id. */
export function builtinModelFile(id: string): string | null {
  const entry = BUILTINS.find((m) => m.id === id)
  if (!entry) return null
  if (entry.derivedFile) return entry.derivedFile()
  return entry.file ?? path.join(MODELS_DIR, `${id}.table.json`)
}

/** The built-in models with a chat template (a GGUF file's tokenizer.chat_template); table, n-gram and remote models have none. */
export function chatModelIds(): string[] {
  return BUILTINS.filter((m) => m.file !== undefined && hasChatTemplate(m.file)).map((m) => m.id)
}

/** The built-in models, the n-gram models saved with `models add-ngram`, then registered remote engines (earlier ones win a clash). */
export function listModels(): ModelInfo[] {
  const builtins = BUILTINS.map(({ id, kind, builtin, description }): ModelInfo => ({ id, kind, builtin, description }))
  const saved = listSavedNgrams()
    .filter((m) => !BUILTINS.some((b) => b.id === m.name))
    .map(({ name, description }): ModelInfo => ({ id: name, kind: 'ngram', builtin: false, description }))
  const taken = new Set([...builtins, ...saved].map((m) => m.id))
  const remotes = listRemotes()
    .filter((r) => !taken.has(r.id))
    .map((r): ModelInfo => ({ id: r.id, kind: 'remote', builtin: false, description: `${r.model} served at ${r.url}` }))
  return [...builtins, ...saved, ...remotes]
}

/**
 * A built-in id first, then a saved n-gram model's name; any other value is a file path.
 * `storedKey` is a remote engine's API key as the desktop app keeps it, decrypted by its main process;
 * `opts`, the options of a GGUF model (context size, GPU, layers offloaded): a context size given for another kind is refused.
 */
export async function resolveModel(
  idOrPath: string,
  storedKey?: string,
  opts: ModelLoadOptions = {},
): Promise<LanguageModel> {
  const notGguf = (kind: string): void => {
    if (opts.contextSize !== undefined)
      throw new InputError(`a context size applies to GGUF models only; ${idOrPath} is a ${kind} model`)
  }
  const entry = BUILTINS.find((m) => m.id === idOrPath)
  if (entry) {
    if (entry.kind !== 'gguf') notGguf(entry.kind)
    return entry.load(opts)
  }
  const saved = savedNgramFile(idOrPath)
  if (saved) {
    notGguf('n-gram')
    return loadNgramFile(saved, idOrPath)
  }
  const remote = findRemote(idOrPath)
  if (remote) notGguf('remote')
  if (remote)
    return RemoteModel.connect(idOrPath, {
      url: remote.url,
      model: remote.model,
      api: remote.api,
      apiKey: remoteApiKey(remote, process.env, storedKey),
    })
  if (!fs.existsSync(idOrPath)) {
    throw new InputError(
      `unknown model "${idOrPath}": it is neither a model id (${listModels()
        .map((m) => m.id)
        .join(', ')}) nor an existing file`,
    )
  }
  return loadModelFile(idOrPath, opts, notGguf)
}

type FileKind = 'ngram' | 'gguf' | 'table'

function fileKind(file: string): FileKind {
  let fd: number
  try {
    fd = fs.openSync(file, 'r')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new InputError(
      code === 'ENOENT' ? `model file not found: ${file}` : `cannot read model file ${file}: ${code ?? String(err)}`,
    )
  }
  const head = Buffer.alloc(4)
  try {
    if (!fs.fstatSync(fd).isFile()) throw new InputError(`${file} is not a file`)
    fs.readSync(fd, head, 0, 4, 0)
  } finally {
    fs.closeSync(fd)
  }
  if (file.toLowerCase().endsWith(NGRAM_SUFFIX)) return 'ngram'
  if (head.toString('latin1') === 'GGUF' || /\.gguf$/i.test(file)) return 'gguf'
  if (/\.json$/i.test(file) || head.toString('utf8').trimStart().startsWith('{')) return 'table'
  throw new InputError(
    `${file} is not a model: expected a table model (.json), an n-gram model (${NGRAM_SUFFIX}) or a GGUF file (.gguf)`,
  )
}

async function loadModelFile(
  file: string,
  opts: ModelLoadOptions,
  notGguf: (kind: string) => void,
): Promise<LanguageModel> {
  const kind = fileKind(file)
  if (kind === 'gguf') return loadHostedGgufModel(file, opts)
  notGguf(kind === 'ngram' ? 'n-gram' : kind)
  if (kind === 'ngram') return loadNgramFile(file)
  return loadTableFile(file)
}

/**
 * Checks a model file the way loading it would, short of loading a GGUF's weights (its header is
 * checked): for the app, before it remembers the file.
 */
export function checkModelFile(file: string): FileKind {
  const kind = fileKind(file)
  if (kind === 'ngram') loadNgramFile(file)
  else if (kind === 'gguf') inspectGgufFile(file)
  else loadTableFile(file)
  return kind
}

/**
 * What `resolveModel(idOrPath)` would load, as a string that changes when the model does: a saved
 * n-gram model retrained under the same name, a remote re-registered elsewhere, a file rewritten.
 * A process that keeps a model loaded compares it to reload when it differs.
 */
export function modelSignature(idOrPath: string): string {
  if (BUILTINS.some((m) => m.id === idOrPath)) return `builtin:${idOrPath}`
  const fileStamp = (file: string): string => {
    try {
      const st = fs.statSync(file)
      return `${file}:${st.size}:${st.mtimeMs}`
    } catch {
      return `${file}:missing`
    }
  }
  const saved = savedNgramFile(idOrPath)
  if (saved) return `ngram:${fileStamp(saved)}`
  const remote = findRemote(idOrPath)
  if (remote) return `remote:${JSON.stringify(remote)}`
  return `file:${fileStamp(idOrPath)}`
}

/** Whether `resolveModel` would find something for this id or path, without loading it. */
export function modelExists(idOrPath: string): boolean {
  return listModels().some((m) => m.id === idOrPath) || fs.existsSync(idOrPath)
}
