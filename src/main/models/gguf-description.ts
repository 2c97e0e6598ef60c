import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { ModelDescription } from '../../core/model-description'
import { describeGpuUse, type GpuUse } from './gguf-gpu'

/** What a loaded GGUF model knows of how it runs. */
export interface GgufRunInfo {
  quantisation: string
  gpu: GpuUse
  threads: number
  via: 'logits' | 'map'
}

/** A GGUF model's backend (node-llama-cpp and the llama.cpp build), where it runs, and what can vary. */
export function describeGguf({ quantisation, gpu, threads, via }: GgufRunInfo): ModelDescription {
  const llama = llamaCppBuild()
  const distributions = via === 'logits' ? "logits through Decoding Lab's addon" : "node-llama-cpp's probability Map"
  return {
    backend: {
      name: 'node-llama-cpp',
      version: llama.nodeLlamaCpp,
      detail: `llama.cpp ${llama.llamaCpp}; ${describeGpuUse(gpu)}, ${threads} thread${threads === 1 ? '' : 's'}; distributions: ${distributions}`,
      gpu: { backend: gpu.backend, device: gpu.device, layers: gpu.layers, reason: gpu.reason },
    },
    quantisation,
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
