import { type Discovery, MODEL_SOURCE_NAMES } from '../../core/discovered-model'
import { formatBytes } from '../../core/gguf/gguf-check'
import { formatParameters } from '../../core/gguf/gguf-summary'
import { userHome } from '../models/discover/model-folders'
import { discoverModelsInWorker } from '../services/discover-thread'
import type { Io } from './io'

/** `models --discover [--folder DIR …] [--json]`: the GGUF files in the folders where users keep them. */
export async function discoverCommand(folders: string[], json: boolean, io: Io): Promise<number> {
  const found = await discoverModelsInWorker(userHome(), folders)
  if (json) io.out(JSON.stringify(found))
  else printDiscovery(io, found)
  return 0
}

function printDiscovery(io: Io, { models, searched }: Discovery): void {
  for (const f of searched) io.out(`${f.exists ? 'searched' : 'absent  '}  ${MODEL_SOURCE_NAMES[f.source]}: ${f.path}`)
  if (models.length === 0) io.out('no GGUF files found')
  for (const m of models) {
    io.out(`${m.name}  (${MODEL_SOURCE_NAMES[m.source]})`)
    if (m.error) io.out(`  cannot read it: ${m.error}`)
    else {
      const fields = [
        m.architecture ?? 'unknown architecture',
        `${formatParameters(m.parameters ?? 0)} parameters`,
        m.quantisation,
        `context ${m.contextLength ?? 'unknown'}`,
        `vocabulary ${m.vocabSize ?? 'unknown'}`,
        `chat template: ${m.chatTemplate ? 'yes' : 'no'}`,
        formatBytes(m.sizeBytes),
      ]
      io.out(`  ${fields.join(', ')}`)
    }
    io.out(`  ${m.path}`)
  }
}
