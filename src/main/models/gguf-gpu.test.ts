// @vitest-environment node
import { describe, expect, it } from 'vitest'
import path from 'node:path'
import { openDatabase } from '../store/database'
import { getRun } from '../store/runs-repo'
import { cli } from '../testing/run-cli'
import { useTempDir } from '../testing/temp-dir'
import { describeGpuUse, gpuModeFromEnv, parseGpuLayers } from './gguf-gpu'
import { loadGgufModel } from './gguf-model'
import { writeRandomGguf } from './testing/gguf-fixtures'

const tempDir = useTempDir()

describe('GPU settings', () => {
  it('reads DECODING_LAB_GPU: auto unless it says off', () => {
    expect(gpuModeFromEnv({})).toBe('auto')
    expect(gpuModeFromEnv({ DECODING_LAB_GPU: 'auto' })).toBe('auto')
    expect(gpuModeFromEnv({ DECODING_LAB_GPU: 'off' })).toBe('off')
    expect(gpuModeFromEnv({ DECODING_LAB_GPU: 'CPU' })).toBe('off')
    expect(() => gpuModeFromEnv({ DECODING_LAB_GPU: 'cuda' })).toThrow(
      'DECODING_LAB_GPU must be auto or off, got "cuda"',
    )
    // The test run itself forces the CPU (vitest.config.mts).
    expect(process.env.DECODING_LAB_GPU).toBe('off')
  })

  it('parses --gpu-layers', () => {
    expect(parseGpuLayers('auto')).toBe('auto')
    expect(parseGpuLayers('0')).toBe(0)
    expect(parseGpuLayers('33')).toBe(33)
    for (const bad of ['', '-1', '1.5', 'max'])
      expect(() => parseGpuLayers(bad)).toThrow(`--gpu-layers must be auto or a whole number >= 0, got "${bad}"`)
  })

  it('describes what a model runs on', () => {
    expect(describeGpuUse({ backend: null, device: null, layers: 0, reason: 'x' })).toBe('CPU')
    expect(describeGpuUse({ backend: 'cuda', device: 'NVIDIA GeForce RTX 4090', layers: 29, reason: null })).toBe(
      'CUDA on NVIDIA GeForce RTX 4090, 29 layers offloaded',
    )
    expect(describeGpuUse({ backend: 'vulkan', device: null, layers: 1, reason: null })).toBe(
      'Vulkan, 1 layer offloaded',
    )
  })

  it('refuses bad GPU flags on the command line with one line', async () => {
    expect(await cli('run', '--model', 'seed-weather', '--strategy', 'greedy', '--gpu-layers', 'lots')).toEqual({
      code: 2,
      out: '',
      err: 'error: --gpu-layers must be auto or a whole number >= 0, got "lots"\n',
    })
    expect(await cli('score', '--model', 'seed-weather', '--text', '天', '--gpu', 'cuda')).toEqual({
      code: 2,
      out: '',
      err: 'error: --gpu must be auto or off, got "cuda"\n',
    })
  })
})

describe('--gpu off in a saved run', () => {
  it('records no layers offloaded, so that a re-run or branch in the app stays on the CPU too', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const run = async (...flags: string[]): Promise<unknown> => {
      const r = await cli(
        'run',
        '--model',
        'tang-poems',
        '--prompt',
        '春',
        '--strategy',
        'greedy',
        '--max-tokens',
        '2',
        '--db',
        db,
        '--json',
        ...flags,
      )
      expect(r.code).toBe(0)
      const id = (JSON.parse(r.out) as { runs: { id: number }[] }).runs[0].id
      const store = openDatabase(db)
      try {
        return getRun(store, id)?.provenance?.modelOptions
      } finally {
        store.close()
      }
    }
    expect(await run('--gpu', 'off')).toEqual({ gpuLayers: 0 })
    expect(await run('--gpu', 'off', '--gpu-layers', '12', '--context-size', '64')).toEqual({
      contextSize: 64,
      gpuLayers: 0,
    })
    expect(await run('--gpu-layers', '3')).toEqual({ gpuLayers: 3 })
    expect(await run()).toBeUndefined()
  })

  it('is recorded so by every run of a sweep, which takes --context-size too', async () => {
    const db = path.join(tempDir(), 'lab.sqlite')
    const r = await cli(
      'sweep',
      '--model',
      'tang-poems',
      '--prompt',
      '春',
      '--strategy',
      'nucleus',
      '--grid',
      'p=0.5,0.9',
      '--max-tokens',
      '2',
      '--gpu',
      'off',
      '--context-size',
      '64',
      '--db',
      db,
    )
    expect(r.code, r.err).toBe(0)
    const store = openDatabase(db)
    try {
      expect([1, 2].map((id) => getRun(store, id)?.provenance?.modelOptions)).toEqual([
        { contextSize: 64, gpuLayers: 0 },
        { contextSize: 64, gpuLayers: 0 },
      ])
    } finally {
      store.close()
    }
  })
})

describe('GPU auto, with the CPU as the fallback', () => {
  it('loads from prebuilt binaries only and says why no GPU is used where none is found', async () => {
    const { getLlamaGpuTypes } = await import('node-llama-cpp')
    const gpus = (await getLlamaGpuTypes('supported')).filter((g) => g !== false)
    const file = writeRandomGguf(tempDir(), 'tiny.gguf')
    const started = performance.now()
    const model = await loadGgufModel(file, { gpu: 'auto' })
    const loadMs = performance.now() - started
    try {
      if (gpus.length === 0) {
        // This machine (and CI): no GPU. The CPU build runs it, quickly, and the reason is one line.
        expect(model.gpu).toEqual({
          backend: null,
          device: null,
          layers: 0,
          reason: 'no CUDA, Vulkan or Metal GPU was found on this machine; llama.cpp runs on the CPU',
        })
        expect(loadMs).toBeLessThan(5000)
      } else {
        expect(model.gpu.backend === null ? model.gpu.reason : model.gpu.backend).toMatch(
          /^(cuda|vulkan|metal|the .* build of llama\.cpp did not load.*)$/,
        )
      }
      const d = await model.next(model.tokenize('ab'))
      expect(d.kind).toBe('logits')
    } finally {
      await model.dispose()
    }
  })

  it('runs on the CPU with no reason given when the CPU is asked for', async () => {
    const model = await loadGgufModel(writeRandomGguf(tempDir(), 'tiny.gguf'), { gpu: 'off', gpuLayers: 99 })
    try {
      expect(model.gpu).toEqual({ backend: null, device: null, layers: 0, reason: null })
    } finally {
      await model.dispose()
    }
  })
})
