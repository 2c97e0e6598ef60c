// @vitest-environment node
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chatMessages, type ChatMessage } from '../../core/chat'
import { openDatabase } from '../store/database'
import { getRun } from '../store/runs-repo'
import { getExperiment } from '../store/experiments-repo'
import { cli } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'
import { type HostedGgufModel, loadHostedGgufModel } from './gguf-host/hosted-gguf-model'
import { type RunningServer, startLlamaServer } from './remote/testing/llama-server'
import { writeChatGguf } from './testing/chat-gguf'
import { QWEN3_IM_END, QWEN3_IM_START, QWEN3_TOKENIZER_DIR, writeQwen3Gguf } from './testing/qwen3-gguf'

const tempDir = useTempDir()
// The real Qwen3 template, as its tokenizer_config.json ships it: the hash a chat run records.
const QWEN3_TEMPLATE = (
  JSON.parse(fs.readFileSync(path.join(QWEN3_TOKENIZER_DIR, 'tokenizer_config.json'), 'utf8')) as {
    chat_template: string
  }
).chat_template
const QWEN3_TEMPLATE_SHA256 = createHash('sha256').update(QWEN3_TEMPLATE, 'utf8').digest('hex')

const CASES: [string, ChatMessage[]][] = [
  ['a user turn', chatMessages(null, 'Hello world')],
  ['a system turn, then the user', chatMessages('Be brief.', 'Hello world')],
  ['Chinese, several lines', chatMessages('你是一位诗人。', '写一首关于春天的诗。\n要押韵。')],
  ['an empty user turn', chatMessages(null, '')],
  [
    'text that looks like markup and special tokens',
    chatMessages(null, 'a <b>bold</b> {{ x }} {% raw %} <|im_start|>'),
  ],
]

let dir: string
let file: string
let server: RunningServer
let model: HostedGgufModel

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(fs.realpathSync('/tmp'), 'decoding-lab-chat-'))
  file = writeQwen3Gguf(dir, 'qwen3-chat.gguf')
  ;[server, model] = await Promise.all([
    startLlamaServer(file, { parallel: 1, extraArgs: ['--jinja'] }),
    loadHostedGgufModel(file, { gpu: 'off' }),
  ])
})

afterAll(async () => {
  await model?.dispose()
  await server?.stop()
  fs.rmSync(dir, { recursive: true, force: true })
})

async function serverTemplate(messages: ChatMessage[]): Promise<string> {
  const r = await fetch(`${server.url}/apply-template`, { method: 'POST', body: JSON.stringify({ messages }) })
  expect(r.status).toBe(200)
  return ((await r.json()) as { prompt: string }).prompt
}

async function serverTokens(text: string): Promise<number[]> {
  const r = await fetch(`${server.url}/tokenize`, {
    method: 'POST',
    body: JSON.stringify({ content: text, add_special: false, parse_special: true }),
  })
  return ((await r.json()) as { tokens: number[] }).tokens
}

describe('chat templates, rendered in the model host, against llama-server --jinja', () => {
  it('knows the Qwen3 template by its sha256', () => {
    expect(model.chatTemplate).toEqual({ sha256: QWEN3_TEMPLATE_SHA256 })
  })

  it.each(CASES)(
    'renders %s exactly as /apply-template does, and tokenizes it as llama-server does',
    async (_what, messages) => {
      const ours = await model.renderChat(messages)
      expect(ours.text).toBe(await serverTemplate(messages))
      expect(ours.ids).toEqual(await serverTokens(ours.text))
    },
  )

  it('makes the turn markers single tokens and ends with the generation prompt', async () => {
    const { text, ids } = await model.renderChat(chatMessages(null, 'Hello world'))
    expect(text).toBe('<|im_start|>user\nHello world<|im_end|>\n<|im_start|>assistant\n')
    // <|im_start|> user \n Hello ␣world <|im_end|> \n <|im_start|> assistant \n
    expect(ids).toHaveLength(10)
    expect(ids.filter((t) => t === QWEN3_IM_START)).toHaveLength(2)
    expect(ids.filter((t) => t === QWEN3_IM_END)).toHaveLength(1)
  })
})

describe('run --chat', () => {
  const stored = (db: string, runId: number) => {
    const d = openDatabase(db)
    try {
      const run = getRun(d, runId)!
      return { run, experiment: getExperiment(d, run.experimentId)! }
    } finally {
      d.close()
    }
  }

  it('decodes from the rendered prompt by default, shows it at the root and records the template hash and system prompt', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await cli(
      'run',
      '--model',
      file,
      '--prompt',
      'Hello world',
      '--system',
      'Be brief.',
      '--strategy',
      'greedy',
      '--max-tokens',
      '2',
      '--db',
      db,
    )
    expect(r.code, r.err).toBe(0)
    const { run, experiment } = stored(db, 1)
    const rendered = await serverTemplate(chatMessages('Be brief.', 'Hello world'))
    expect(run.tree[0].text).toBe(rendered)
    expect(run.provenance?.chat).toEqual({ templateSha256: QWEN3_TEMPLATE_SHA256, system: 'Be brief.' })
    expect(experiment.prompt).toBe('Hello world')
    expect(experiment.promptTokens.join('')).toBe(rendered)
  })

  it('--no-chat keeps the raw prompt and records no chat', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await cli(
      'run',
      '--model',
      file,
      '--prompt',
      'Hello world',
      '--no-chat',
      '--strategy',
      'greedy',
      '--max-tokens',
      '1',
      '--db',
      db,
    )
    expect(r.code, r.err).toBe(0)
    const { run, experiment } = stored(db, 1)
    expect(run.tree[0].text).toBe('')
    expect(run.provenance?.chat).toBeUndefined()
    expect(experiment.promptTokens).toEqual(['Hello', ' world'])
  })

  it('refuses --chat and --system on a model without a template, and --chat with --no-chat, with one line', async () => {
    expect(await cli('run', '--model', 'tang-poems', '--chat', '--strategy', 'greedy')).toEqual({
      code: 2,
      out: '',
      err: 'error: tang-poems has no chat template (tokenizer.chat_template): run it without --chat\n',
    })
    expect((await cli('run', '--model', 'tang-poems', '--system', 'x', '--strategy', 'greedy')).err).toBe(
      'error: tang-poems has no chat template, so a system prompt has nowhere to go: drop --system\n',
    )
    expect((await cli('run', '--model', 'seed-weather', '--chat', '--no-chat', '--strategy', 'greedy')).err).toBe(
      'error: give --chat or --no-chat, not both\n',
    )
  })

  it('says in one line when a template fails to render', async () => {
    const broken = writeChatGguf(tempDir(), 'broken.gguf', "{{ raise_exception('this template wants tools') }}")
    const r = await cli(
      'run',
      '--model',
      broken,
      '--prompt',
      'hi',
      '--strategy',
      'greedy',
      '--db',
      path.join(tempDir(), 'x.sqlite'),
    )
    // node-llama-cpp renders a template once when it takes it, and says so.
    expect(r).toEqual({
      code: 2,
      out: '',
      err: 'error: the chat template of this model fails to render: The provided Jinja template failed the sanity test: Error: this template wants tools. Inspect the Jinja template to find out what went wrong; run without --chat (or untick "As chat")\n',
    })
  })
})
