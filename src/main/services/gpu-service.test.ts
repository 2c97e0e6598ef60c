// @vitest-environment node
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseRequest, type EventChannel, type EventPayload } from '../../core/contract'
import { useTempDir } from '../testing/temp-dir'
import { LabService } from './lab-service'

const tempDir = useTempDir()
const saved = process.env.DECODING_LAB_GPU
let service: LabService | null = null
afterEach(async () => {
  await service?.close()
  service = null
  if (saved === undefined) delete process.env.DECODING_LAB_GPU
  else process.env.DECODING_LAB_GPU = saved
})

describe('GPU auto in the app', () => {
  it('records the backend, device, layers and, where no GPU is found, why, on a run in the app', async () => {
    // The app's default; the other tests force the CPU. Set before the worker and its model host start.
    process.env.DECODING_LAB_GPU = 'auto'
    const { getLlamaGpuTypes } = await import('node-llama-cpp')
    const gpus = (await getLlamaGpuTypes('supported')).filter((g) => g !== false)
    const finished: EventPayload<'job.finished'>[] = []
    service = new LabService(
      path.join(tempDir(), 'lab.sqlite'),
      <C extends EventChannel>(channel: C, payload: EventPayload<C>) => {
        if (channel === 'job.finished') finished.push(payload as EventPayload<'job.finished'>)
      },
    )
    const request = parseRequest('experiment.start', {
      model: 'tang-poems',
      prompt: '春',
      maxTokens: 2,
      topN: 5,
      gpuLayers: 'auto',
      strategies: [{ name: 'greedy', params: {} }],
    })
    await service['experiment.start'](request)
    for (const end = Date.now() + 30_000; finished.length === 0 && Date.now() < end;)
      await new Promise((r) => setTimeout(r, 20))
    expect(finished[0]?.error).toBeNull()
    const { runs } = await service['experiment.get']({ experimentId: finished[0].experimentId as number })
    const gpu = runs[0].provenance?.backend.gpu
    if (gpus.length === 0) {
      expect(gpu).toEqual({
        backend: null,
        device: null,
        layers: 0,
        reason: 'no CUDA, Vulkan or Metal GPU was found on this machine; llama.cpp runs on the CPU',
      })
      expect(runs[0].provenance?.nondeterminism?.code).toBe('llama-cpu')
    } else {
      expect(gpu?.backend ?? gpu?.reason).toBeTruthy()
    }
  })

  it('refuses GPU layers that are not a setting', () => {
    expect(() =>
      parseRequest('experiment.start', {
        model: 'tang-poems',
        prompt: '',
        maxTokens: 2,
        topN: 5,
        gpuLayers: -1,
        strategies: [{ name: 'greedy', params: {} }],
      }),
    ).toThrow('invalid experiment.start request: gpuLayers')
  })
})
