import type { RunModelOptions } from '../../core/records'
import { type GpuLayers, type GpuMode, parseGpuLayers } from '../models/gguf-gpu'
import { wholeNumber } from './args'
import { UsageError } from './cli-error'

/** The GPU flags of commands that load a model: `--gpu auto|off`, `--gpu-layers N|auto`. */
export const GPU_FLAGS = { gpu: { type: 'string' }, 'gpu-layers': { type: 'string' } } as const

/** The GGUF options the flags give; a flag left out leaves the default (auto, or DECODING_LAB_GPU). */
export function gpuOptions(values: { gpu?: string; 'gpu-layers'?: string }): { gpu?: GpuMode; gpuLayers?: GpuLayers } {
  const out: { gpu?: GpuMode; gpuLayers?: GpuLayers } = {}
  if (values.gpu !== undefined) {
    if (values.gpu !== 'auto' && values.gpu !== 'off')
      throw new UsageError(`--gpu must be auto or off, got "${values.gpu}"`)
    out.gpu = values.gpu
  }
  if (values['gpu-layers'] !== undefined) {
    try {
      out.gpuLayers = parseGpuLayers(values['gpu-layers'])
    } catch (err) {
      throw new UsageError((err as Error).message)
    }
  }
  return out
}

/** `--context-size N`: tokens a GGUF model's context holds, up to its trained length. */
export function contextOption(value: string | undefined): { contextSize?: number } {
  return value === undefined ? {} : { contextSize: wholeNumber('--context-size', value, 0, 1) }
}

/**
 * The load options a saved run records, so that a branch or re-run in the app loads the model the same
 * way: `--gpu off` is recorded as no layers offloaded (the app has no GPU mode of its own).
 */
export function recordedModelOptions(o: {
  gpu?: GpuMode
  gpuLayers?: GpuLayers
  contextSize?: number
}): RunModelOptions {
  return { contextSize: o.contextSize, gpuLayers: o.gpu === 'off' ? 0 : o.gpuLayers }
}
