// @vitest-environment node
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseStrategySpec } from '../../core/strategy-spec'
import type { LanguageModel } from '../../core/types'
import { type GgufLanguageModel, loadGgufModel } from '../models/gguf-model'
import { resolveModel } from '../models/registry'
import { RESOURCES_DIR } from '../paths'
import { runExperiment } from '../runs/run-experiment'
import { openDatabase } from '../store/database'
import { getRun } from '../store/runs-repo'
import { useTempDir } from '../testing/temp-dir'
import { exportTarget } from '../report/export-target'

const tempDir = useTempDir()
const SHIPPED = path.join(RESOURCES_DIR, 'models', 'tang-poems.gguf')
const version = (
  JSON.parse(fs.readFileSync(path.join(RESOURCES_DIR, '..', 'package.json'), 'utf8')) as { version: string }
).version
/** coreutils' sha256sum: a second implementation to check the recorded hash against. */
const sha256sum = (file: string): string => execFileSync('sha256sum', [file]).toString().split(' ')[0]
const noSeed = (): number => {
  throw new Error('every spec here gives its seed')
}

let gguf: GgufLanguageModel | undefined
afterAll(async () => gguf?.dispose())

async function runStored(model: LanguageModel, prompt: string, specs: string[]) {
  const db = openDatabase(path.join(tempDir(), 'runs.sqlite'))
  try {
    const { runs } = await runExperiment(db, {
      model,
      prompt,
      strategies: specs.map((s) => parseStrategySpec(s, noSeed)),
      maxTokens: 24,
      topN: 10,
    })
    return runs.map((r) => getRun(db, r.id)!)
  } finally {
    db.close()
  }
}

describe('the reproducibility record of a run', () => {
  it('records a table model: its file hash, backend, every sampling parameter with the order, the seed', async () => {
    const [run] = await runStored(await resolveModel('seed-weather'), '', ['sample:topP=0.9,seed=3'])
    expect(run.provenance).toEqual({
      app: { name: 'decoding-lab', version },
      model: {
        id: 'seed-weather',
        kind: 'table',
        sha256: sha256sum(path.join(RESOURCES_DIR, 'models', 'seed-weather.table.json')),
        quantisation: null,
      },
      backend: { name: 'Decoding Lab table model', version, detail: null },
      strategy: {
        name: 'sample',
        parameters: {
          repetitionPenalty: 1,
          frequencyPenalty: 0,
          presencePenalty: 0,
          noRepeatNgram: 0,
          temperature: 1,
          topK: 0,
          topP: 0.9,
          minP: 0,
          typicalP: 1,
          epsilon: 0,
          eta: 0,
          topNSigma: 0,
          dryMultiplier: 0,
          xtcProbability: 0,
          penaltyLastN: -1,
          dryBase: 1.75,
          dryAllowedLength: 2,
          dryPenaltyLastN: -1,
          xtcThreshold: 0.1,
          dynatempRange: 0,
          dynatempExponent: 1,
          mirostat: 0,
          mirostatTau: 5,
          mirostatEta: 0.1,
          adaptiveTarget: -1,
          adaptiveDecay: 0.9,
          seed: 3,
          samples: 1,
          order: 'hf',
        },
        // temperature 1 is neutral: only top-p acts.
        chain: ['topP'],
        seed: 3,
      },
      nondeterminism: null,
    })
  })

  it('records a GGUF model: its hash, quantisation, node-llama-cpp and llama.cpp build, and what can vary', async () => {
    gguf = await loadGgufModel(SHIPPED, {}, 'tang-poems')
    const [run] = await runStored(gguf, '春', ['sample:temperature=0.8,topK=20,order=llama,seed=5'])
    const p = run.provenance!
    expect(p.model).toEqual({ id: 'tang-poems', kind: 'gguf', sha256: sha256sum(SHIPPED), quantisation: 'F32' })
    // llama.cpp's own description of the file names the same type.
    expect(gguf.llamaModel.typeDescription).toContain('F32')
    expect(p.backend.name).toBe('node-llama-cpp')
    expect(p.backend.version).toBe('3.21.1')
    expect(p.backend.detail).toMatch(
      /^llama\.cpp \S+ \([0-9a-f]{12}\); CPU, 1 thread; distributions: logits through Decoding Lab's addon$/,
    )
    // The tests force the CPU (DECODING_LAB_GPU=off): no GPU backend, nothing offloaded, and no reason owed.
    expect(p.backend.gpu).toEqual({ backend: null, device: null, layers: 0, reason: null })
    expect(p.strategy.chain).toEqual(['topK', 'temperature'])
    expect(p.strategy.parameters.order).toBe('llama')
    expect(p.nondeterminism?.code).toBe('llama-cpu')
    expect(p.nondeterminism?.note).toMatch(/bit for bit with the same build, CPU type and thread count/)
  })

  it('lets a seeded run be repeated token for token, tree included', async () => {
    gguf ??= await loadGgufModel(SHIPPED, {}, 'tang-poems')
    const specs = ['nucleus:p=0.9,seed=11,samples=3', 'beam:width=3']
    const first = await runStored(gguf, '春', specs)
    // A re-run takes the recorded strategy, seed included.
    const again = await runStored(
      gguf,
      '春',
      first.map(
        (r) =>
          `${r.strategy.name}:${Object.entries(r.strategy.params)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')}`,
      ),
    )
    for (const [i, run] of first.entries()) {
      expect(again[i].sequences.map((s) => s.tokens)).toEqual(run.sequences.map((s) => s.tokens))
      expect(again[i].tree.map((n) => [n.parent, n.tokenId, n.prob, n.status])).toEqual(
        run.tree.map((n) => [n.parent, n.tokenId, n.prob, n.status]),
      )
    }
    expect(first[0].sequences).toHaveLength(3)
  })
})

describe('the reproducibility record in reports', () => {
  it('is a table of the HTML report, every value escaped (a model file named like markup stays text)', async () => {
    const dir = tempDir()
    const file = path.join(dir, '<img src=x onerror=alert(1)>.json')
    fs.copyFileSync(path.join(RESOURCES_DIR, 'models', 'seed-weather.table.json'), file)
    const db = openDatabase(path.join(dir, 'runs.sqlite'))
    try {
      const { experimentId } = await runExperiment(db, {
        model: await resolveModel(file),
        prompt: '',
        strategies: [parseStrategySpec('nucleus:p=0.9,seed=2', noSeed)],
        maxTokens: 8,
        topN: 10,
      })
      const [out] = await exportTarget(db, { experimentId }, 'html', { now: new Date('2026-01-02T03:04:05.000Z') })
      const html = out.data.toString('utf8')
      const start = html.indexOf('<table class="provenance">')
      const table = html.slice(start, html.indexOf('</table>', start))
      expect(table).toContain(
        `<td>${sha256sum(file)}</td><td>-</td><td>Decoding Lab table model; ${version}</td><td>temperature → topP</td>`,
      )
      expect(table).toContain('<td>p=0.9, temperature=1, seed=2, samples=1</td><td>2</td>')
      expect(table).toContain('<td>token for token</td>')
      expect(html).not.toMatch(/<img/i)
    } finally {
      db.close()
    }
  })
})
