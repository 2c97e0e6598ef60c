// @vitest-environment node
import path from 'node:path'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { TINY_CHATML_TEMPLATE, writeChatGguf } from '../models/testing/chat-gguf'
import { openDatabase } from '../store/database'
import { getRun, listRuns } from '../store/runs-repo'
import { cli } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'
import { useLabJobs } from '../testing/lab-harness'

const tempDir = useTempDir()
const setup = useLabJobs(30_000)

const greedy = { name: 'greedy', params: {} }
const SHA = createHash('sha256').update(TINY_CHATML_TEMPLATE, 'utf8').digest('hex')
// TINY_CHATML_TEMPLATE by hand: a system turn, the user turn, then the generation prompt.
const RENDERED = '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nab<|im_end|>\n<|im_start|>assistant\n'

describe('"As chat" in the app', () => {
  it('renders the prompt after the system prompt, and a branch of the experiment sees the same rendered prompt', async () => {
    const { service, start } = setup()
    const model = writeChatGguf(tempDir(), 'chat.gguf')
    const base = { model, prompt: 'ab', maxTokens: 3, topN: 5 }
    const first = await start({ ...base, system: 'Be brief.', strategies: [greedy] })
    expect(first.error).toBeNull()
    const experimentId = first.experimentId as number
    // The branch's request says nothing of chat: the experiment's record decides.
    const branch = await start({ ...base, experimentId, chat: false, strategies: [{ ...greedy, forced: [259] }] })
    expect(branch.error).toBeNull()
    const { experiment, runs } = await service['experiment.get']({ experimentId })
    expect(experiment.prompt).toBe('ab')
    expect(experiment.promptTokens.join('')).toBe(RENDERED)
    for (const run of runs) {
      expect(run.tree[0].text).toBe(RENDERED)
      expect(run.provenance?.chat).toEqual({ templateSha256: SHA, system: 'Be brief.' })
    }
    expect(runs[1].sequences[0].tokens[0]).toBe('a')
  })

  it('exports a chat run as JSON with its chat record and GPU use, and imports it back unchanged', async () => {
    const { service, start } = setup()
    const model = writeChatGguf(tempDir(), 'chat.gguf')
    const done = await start({ model, prompt: 'ab', maxTokens: 2, topN: 5, system: 'Be brief.', strategies: [greedy] })
    const exported = await service['report.export']({
      target: { experimentId: done.experimentId as number },
      format: 'json',
    })
    const text = Buffer.from(exported.files[0].base64, 'base64').toString('utf8')
    const report = JSON.parse(text) as { runs: { provenance: { chat: unknown; backend: { gpu: unknown } } }[] }
    expect(report.runs[0].provenance.chat).toEqual({ templateSha256: SHA, system: 'Be brief.' })
    expect(report.runs[0].provenance.backend.gpu).toEqual({ backend: null, device: null, layers: 0, reason: null })
    // Into a fresh database: the record survives the import's validation unchanged.
    const other = setup()
    const imported = await other.service['report.import']({ fileName: 'chat.json', text })
    const again = await other.service['report.export']({
      target: { experimentId: imported.experimentId },
      format: 'json',
    })
    expect(JSON.parse(Buffer.from(again.files[0].base64, 'base64').toString('utf8')).runs).toEqual(report.runs)
  })

  it('runs the raw prompt when asked, and refuses a system prompt then', async () => {
    const { service, start } = setup()
    const model = writeChatGguf(tempDir(), 'chat.gguf')
    const raw = await start({ model, prompt: 'ab', maxTokens: 2, topN: 5, chat: false, strategies: [greedy] })
    expect(raw.error).toBeNull()
    const { experiment, runs } = await service['experiment.get']({ experimentId: raw.experimentId as number })
    expect(experiment.promptTokens).toEqual(['a', 'b'])
    expect(runs[0].provenance?.chat).toBeUndefined()
    const refused = await start({
      model,
      prompt: 'ab',
      maxTokens: 2,
      topN: 5,
      chat: false,
      system: 'x',
      strategies: [greedy],
    })
    expect(refused.error).toBe(
      'a system prompt needs chat: drop --no-chat (tick "As chat" in the app) or the system prompt',
    )
  })
})

describe('sweep --chat', () => {
  it('renders each prompt with the template, records it on every cell, and keeps a raw sweep apart', async () => {
    const model = writeChatGguf(tempDir(), 'chat.gguf')
    const db = path.join(tempDir(), 'lab.sqlite')
    const args = [
      'sweep',
      '--model',
      model,
      '--prompt',
      'ab',
      '--strategy',
      'sample',
      '--grid',
      'temperature=0.5,1',
      '--max-tokens',
      '2',
      '--db',
      db,
    ]
    const chat = await cli(...args, '--system', 'Be brief.')
    expect(chat.code, chat.err).toBe(0)
    const raw = await cli(...args, '--no-chat')
    expect(raw.code, raw.err).toBe(0)
    const d = openDatabase(db)
    try {
      const runs = listRuns(d, { limit: 10 }).map((r) => getRun(d, r.id)!)
      const chatRuns = runs.filter((r) => r.provenance?.chat)
      expect(chatRuns).toHaveLength(2)
      for (const r of chatRuns) {
        expect(r.provenance?.chat).toEqual({ templateSha256: SHA, system: 'Be brief.' })
        expect(r.tree[0].text).toBe(RENDERED)
      }
      expect(runs.filter((r) => !r.provenance?.chat).map((r) => r.tree[0].text)).toEqual(['', ''])
    } finally {
      d.close()
    }
  })
})
