// @vitest-environment node
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { DiscoveredModel } from '../../../core/discovered-model'
import { formatParameters } from '../../../core/gguf/gguf-summary'
import { ggufDeclaringArray } from '../../../core/testing/hostile-gguf'
import { discoverModelsInWorker } from '../../services/discover-thread'
import { cli, json } from '../../testing/run-cli'
import { useTempDir } from '../../testing/temp-dir'
import { writeChatGguf, writeRandomGgufWith } from '../testing/chat-gguf'

const tempDir = useTempDir()

// writeRandomGguf's model: 295 tokens (3 special, 256 bytes, 36 characters), d = 32, 2 layers, ff = 64:
// embeddings and output 2·295·32, output norm 32, per layer 2·32 (norms) + 4·32·32 (attention) + 3·32·64 (feed-forward).
const PARAMETERS = 2 * 295 * 32 + 32 + 2 * (2 * 32 + 4 * 32 * 32 + 3 * 32 * 64)

const OLLAMA_DIGEST = 'a'.repeat(64)
const HF_BLOB = 'b'.repeat(40)

/** A fake home with LM Studio's, Hugging Face's and Ollama's folders holding GGUF files, and a folder of the user's. */
function fakeHome() {
  const home = tempDir()
  const at = (...parts: string[]) => path.join(home, ...parts)
  const lmChat = writeChatGguf(home, '.lmstudio/models/lmstudio-community/Tiny-GGUF/tiny-chat.gguf', undefined, {
    contextLength: 512,
  })
  fs.writeFileSync(at('.lmstudio/models/lmstudio-community/Tiny-GGUF/README.md'), 'not a model')
  const lmOld = writeRandomGgufWith(home, '.cache/lm-studio/models/old/plain.gguf', [])
  // Hugging Face: the snapshot's file is a relative link into blobs/; two revisions link the same blob.
  const blob = writeRandomGgufWith(home, `.cache/huggingface/hub/models--Org--Tiny-GGUF/blobs/${HF_BLOB}`, [], {
    contextLength: 128,
  })
  for (const revision of ['r1', 'r2']) {
    fs.mkdirSync(at('.cache/huggingface/hub/models--Org--Tiny-GGUF/snapshots', revision), { recursive: true })
    fs.symlinkSync(
      `../../blobs/${HF_BLOB}`,
      at('.cache/huggingface/hub/models--Org--Tiny-GGUF/snapshots', revision, 'tiny-f32.gguf'),
    )
  }
  fs.writeFileSync(at('.cache/huggingface/hub/models--Org--Tiny-GGUF/snapshots/r1/config.json'), '{}')
  // Ollama: a manifest names its model layer's blob; a second one names a blob that is not there.
  const ollamaBlob = writeChatGguf(home, `.ollama/models/blobs/sha256-${OLLAMA_DIGEST}`, undefined, {
    contextLength: 1024,
  })
  const manifests = at('.ollama/models/manifests/registry.ollama.ai/library')
  const manifest = (digest: string) =>
    JSON.stringify({
      schemaVersion: 2,
      layers: [
        { mediaType: 'application/vnd.ollama.image.template', digest: `sha256:${'c'.repeat(64)}`, size: 10 },
        {
          mediaType: 'application/vnd.ollama.image.model',
          digest: `sha256:${digest}`,
          size: fs.statSync(ollamaBlob).size,
        },
      ],
    })
  fs.mkdirSync(path.join(manifests, 'tiny'), { recursive: true })
  fs.writeFileSync(path.join(manifests, 'tiny', '0.1b'), manifest(OLLAMA_DIGEST))
  fs.mkdirSync(path.join(manifests, 'gone'), { recursive: true })
  fs.writeFileSync(path.join(manifests, 'gone', 'latest'), manifest('d'.repeat(64)))
  // The user's folder: a damaged file among good ones.
  const mine = tempDir()
  const damaged = path.join(mine, 'cut.gguf')
  fs.copyFileSync(lmOld, damaged)
  fs.truncateSync(damaged, 100)
  // A 1 GiB sparse file whose header declares 2^40 items: refused from its first bytes.
  const sparse = path.join(mine, 'huge.gguf')
  fs.writeFileSync(sparse, ggufDeclaringArray('big.array', 'u32', 2n ** 40n))
  fs.truncateSync(sparse, 2 ** 30)
  const left = 2 ** 30 - (24 + 45 + 8 + 'big.array'.length + 16)
  const size = (f: string) => fs.statSync(f).size
  const tiny = { architecture: 'llama', parameters: PARAMETERS, quantisation: 'F32', vocabSize: 295, error: null }
  const none = {
    architecture: null,
    parameters: null,
    quantisation: null,
    contextLength: null,
    vocabSize: null,
    chatTemplate: null,
  }
  const expected: DiscoveredModel[] = [
    {
      name: 'lmstudio-community/Tiny-GGUF/tiny-chat.gguf',
      source: 'lmstudio',
      path: lmChat,
      ...tiny,
      contextLength: 512,
      chatTemplate: true,
      sizeBytes: size(lmChat),
    },
    {
      name: 'old/plain.gguf',
      source: 'lmstudio',
      path: lmOld,
      ...tiny,
      contextLength: 256,
      chatTemplate: false,
      sizeBytes: size(lmOld),
    },
    {
      name: 'Org/Tiny-GGUF/tiny-f32.gguf',
      source: 'huggingface',
      path: at('.cache/huggingface/hub/models--Org--Tiny-GGUF/snapshots/r1/tiny-f32.gguf'),
      ...tiny,
      contextLength: 128,
      chatTemplate: false,
      sizeBytes: size(blob),
    },
    {
      name: 'gone:latest',
      source: 'ollama',
      path: at(`.ollama/models/blobs/sha256-${'d'.repeat(64)}`),
      ...none,
      sizeBytes: 0,
      error: `model file not found: ${at(`.ollama/models/blobs/sha256-${'d'.repeat(64)}`)}`,
    },
    {
      name: 'tiny:0.1b',
      source: 'ollama',
      path: ollamaBlob,
      ...tiny,
      contextLength: 1024,
      chatTemplate: true,
      sizeBytes: size(ollamaBlob),
    },
    {
      name: 'cut.gguf',
      source: 'folder',
      path: damaged,
      ...none,
      sizeBytes: 100,
      error: `${damaged} is truncated: its GGUF header runs past the end of the file (100 bytes)`,
    },
    {
      name: 'huge.gguf',
      source: 'folder',
      path: sparse,
      ...none,
      sizeBytes: 2 ** 30,
      error: `${sparse} is truncated or damaged: metadata key "big.array" (an array of u32) declares ${2 ** 40} items (at least ${2 ** 42} bytes) but only ${left} bytes follow`,
    },
  ]
  const searched = [
    { source: 'lmstudio', path: at('.lmstudio/models'), exists: true },
    { source: 'lmstudio', path: at('.cache/lm-studio/models'), exists: true },
    { source: 'huggingface', path: at('.cache/huggingface/hub'), exists: true },
    { source: 'ollama', path: at('.ollama/models'), exists: true },
    { source: 'folder', path: mine, exists: true },
  ]
  return { home, mine, expected, searched }
}

describe('models on disk (LM Studio, Hugging Face, Ollama, an added folder)', () => {
  it('lists every GGUF file once with what its header says, and why a file cannot be read', async () => {
    const { home, mine, expected, searched } = fakeHome()
    const rss = process.memoryUsage().rss
    const started = performance.now()
    expect(await discoverModelsInWorker(home, [mine])).toEqual({ models: expected, searched })
    expect(performance.now() - started).toBeLessThan(5000)
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 2 ** 20)
  })

  it('says which folders are absent in an empty home', async () => {
    const home = tempDir()
    const found = await discoverModelsInWorker(home, [path.join(home, 'nowhere')])
    expect(found.models).toEqual([])
    expect(found.searched.map((s) => s.exists)).toEqual([false, false, false, false, false])
  })

  describe('models --discover', () => {
    const saved = process.env.DECODING_LAB_USER_HOME
    afterEach(() => {
      if (saved === undefined) delete process.env.DECODING_LAB_USER_HOME
      else process.env.DECODING_LAB_USER_HOME = saved
    })

    it('prints the same listing as JSON, with the home from DECODING_LAB_USER_HOME', async () => {
      const { home, mine, expected, searched } = fakeHome()
      process.env.DECODING_LAB_USER_HOME = home
      expect(await json('models', '--discover', '--folder', mine)).toEqual({ models: expected, searched })
    })

    it('prints one block per file as text', async () => {
      const { home, expected } = fakeHome()
      process.env.DECODING_LAB_USER_HOME = home
      const r = await cli('models', '--discover')
      expect(r.code).toBe(0)
      const lines = r.out.split('\n')
      const at = lines.indexOf('tiny:0.1b  (Ollama)')
      expect(lines.slice(at, at + 3)).toEqual([
        'tiny:0.1b  (Ollama)',
        `  llama, ${formatParameters(PARAMETERS)} parameters, F32, context 1024, vocabulary 295, chat template: yes, ${(expected[4].sizeBytes / 2 ** 20).toFixed(1)} MiB`,
        `  ${expected[4].path}`,
      ])
      expect(formatParameters(PARAMETERS)).toBe('39.5K')
    })

    it('refuses --folder without --discover', async () => {
      expect(await cli('models', '--folder', '/tmp')).toEqual({
        code: 2,
        out: '',
        err: 'error: models: --folder goes with --discover\n',
      })
    })
  })
})

describe("LM Studio's custom models folder and OLLAMA_MODELS", () => {
  const saved = process.env.OLLAMA_MODELS
  afterEach(() => {
    if (saved === undefined) delete process.env.OLLAMA_MODELS
    else process.env.OLLAMA_MODELS = saved
  })

  it('searches the downloadsFolder of ~/.lmstudio/settings.json and the store $OLLAMA_MODELS names', async () => {
    const home = tempDir()
    const custom = tempDir()
    const store = tempDir()
    fs.mkdirSync(path.join(home, '.lmstudio'), { recursive: true })
    fs.writeFileSync(path.join(home, '.lmstudio', 'settings.json'), JSON.stringify({ downloadsFolder: custom }))
    const mine = writeRandomGgufWith(custom, 'pub/Model-GGUF/model.gguf', [])
    const blob = writeChatGguf(store, `blobs/sha256-${OLLAMA_DIGEST}`)
    const manifest = path.join(store, 'manifests/registry.ollama.ai/library/tiny')
    fs.mkdirSync(manifest, { recursive: true })
    fs.writeFileSync(
      path.join(manifest, 'latest'),
      JSON.stringify({
        schemaVersion: 2,
        layers: [{ mediaType: 'application/vnd.ollama.image.model', digest: `sha256:${OLLAMA_DIGEST}`, size: 1 }],
      }),
    )
    process.env.OLLAMA_MODELS = store
    const found = await discoverModelsInWorker(home, [])
    expect(found.searched).toEqual([
      { source: 'lmstudio', path: path.join(home, '.lmstudio/models'), exists: false },
      { source: 'lmstudio', path: custom, exists: true },
      { source: 'lmstudio', path: path.join(home, '.cache/lm-studio/models'), exists: false },
      { source: 'huggingface', path: path.join(home, '.cache/huggingface/hub'), exists: false },
      { source: 'ollama', path: store, exists: true },
    ])
    expect(found.models.map((m) => [m.name, m.source, m.path, m.error])).toEqual([
      ['pub/Model-GGUF/model.gguf', 'lmstudio', mine, null],
      ['tiny:latest', 'ollama', blob, null],
    ])
  })

  it('keeps the default folders when settings.json is unreadable or sets no folder', async () => {
    const home = tempDir()
    delete process.env.OLLAMA_MODELS
    fs.mkdirSync(path.join(home, '.lmstudio'), { recursive: true })
    const settings = path.join(home, '.lmstudio', 'settings.json')
    for (const text of ['{not json', '{"downloadsFolder": ""}', '{"downloadsFolder": 3}', 'null']) {
      fs.writeFileSync(settings, text)
      const found = await discoverModelsInWorker(home, [])
      expect(found.searched.map((s) => s.path)).toEqual([
        path.join(home, '.lmstudio/models'),
        path.join(home, '.cache/lm-studio/models'),
        path.join(home, '.cache/huggingface/hub'),
        path.join(home, '.ollama/models'),
      ])
    }
  })
})

describe('formatParameters', () => {
  it.each([
    [999, '999'],
    [12_345, '12.3K'],
    [494_032_768, '494M'],
    [7_615_616_512, '7.6B'],
    [70_553_706_496, '70.6B'],
  ])('%d → %s', (n, text) => expect(formatParameters(n)).toBe(text))
})
