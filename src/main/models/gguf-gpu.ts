import type { Llama } from 'node-llama-cpp'
import { InputError } from '../../core/errors'

/** 'auto': the best GPU backend that loads (CUDA, Vulkan, Metal), else the CPU; 'off': the CPU only. */
export type GpuMode = 'auto' | 'off'

/** Layers to offload: 'auto' lets node-llama-cpp fit as many as the GPU's memory takes. */
export type GpuLayers = 'auto' | number

/** What a loaded model runs on; `backend` null means the CPU. Part of every GGUF run's reproducibility record. */
export interface GpuUse {
  backend: 'cuda' | 'vulkan' | 'metal' | null
  /** The GPU's name as the driver gives it; null on the CPU. */
  device: string | null
  /** Layers offloaded to the GPU (0 on the CPU). */
  layers: number
  /** Why the GPU is not used, where it was asked for and could not be; null otherwise. */
  reason: string | null
}

/** DECODING_LAB_GPU=off forces the CPU (tests set it: their expected values come from CPU runs); unset or auto: 'auto'. */
export function gpuModeFromEnv(env: NodeJS.ProcessEnv = process.env): GpuMode {
  const v = env.DECODING_LAB_GPU?.trim().toLowerCase()
  if (v === undefined || v === '' || v === 'auto') return 'auto'
  if (v === 'off' || v === 'cpu' || v === 'false' || v === '0') return 'off'
  throw new InputError(`DECODING_LAB_GPU must be auto or off, got "${env.DECODING_LAB_GPU}"`)
}

/** `--gpu-layers N|auto`, or a request's value. */
export function parseGpuLayers(text: string): GpuLayers {
  if (text === 'auto') return 'auto'
  const n = Number(text)
  if (text.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new InputError(`--gpu-layers must be auto or a whole number >= 0, got "${text}"`)
  return n
}

/** What the runtime's llama.cpp build runs on, and, when a GPU was asked for and is not in use, why, in one line. */
export async function gpuOfRuntime(
  llama: Llama,
  mode: GpuMode,
  warnings: readonly string[],
): Promise<Omit<GpuUse, 'layers'>> {
  if (llama.gpu !== false) {
    const names = await llama.getGpuDeviceNames().catch(() => [] as string[])
    return { backend: llama.gpu, device: names.length ? names.join(', ') : null, reason: null }
  }
  if (mode === 'off') return { backend: null, device: null, reason: null }
  const { getLlamaGpuTypes } = await import('node-llama-cpp')
  const present = (await getLlamaGpuTypes('supported').catch(() => [] as const)).filter((t) => t !== false)
  if (present.length === 0)
    return {
      backend: null,
      device: null,
      reason: 'no CUDA, Vulkan or Metal GPU was found on this machine; llama.cpp runs on the CPU',
    }
  const why = warnings.findLast((w) => /gpu|cuda|vulkan|metal|binary/i.test(w))
  return {
    backend: null,
    device: null,
    reason: `the ${present.join(' and ')} build of llama.cpp did not load${why ? ` (${why})` : ''}; llama.cpp runs on the CPU`,
  }
}

/** "CUDA on NVIDIA GeForce RTX 4090, 29 layers offloaded", or "CPU". */
export function describeGpuUse(gpu: GpuUse): string {
  if (gpu.backend === null) return 'CPU'
  const name = { cuda: 'CUDA', vulkan: 'Vulkan', metal: 'Metal' }[gpu.backend]
  return `${name}${gpu.device ? ` on ${gpu.device}` : ''}, ${gpu.layers} layer${gpu.layers === 1 ? '' : 's'} offloaded`
}
