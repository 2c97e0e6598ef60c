import { DecodeError, InputError } from '../../../core/errors'
import type { ModelInfo } from '../../../core/records'
import { listModels } from '../registry'
import type { RemoteApi } from './engine'
import { RemoteModel } from './remote-model'
import { remoteApiKey, saveRemote, type RemoteRegistration } from './remote-registry'

export interface AddedRemote {
  model: ModelInfo
  api: RemoteApi
  replaced: boolean
  vocabSize: number
}

/** Registers an engine once it answers: a wrong URL, key or model name is said now, not at the first run. */
export async function addRemote(input: { name: string; url: string; model: string; api?: RemoteApi; apiKeyEnv?: string }, flags = ''): Promise<AddedRemote> {
  const remote: RemoteRegistration = {
    id: input.name,
    url: input.url.replace(/\/+$/, ''),
    model: input.model,
    ...(input.apiKeyEnv ? { apiKeyEnv: input.apiKeyEnv } : {}),
  }
  if (listModels().some((m) => m.id === remote.id && m.kind !== 'remote')) throw new InputError(`${flags}name "${remote.id}" is already a model's id; choose another name`)
  let engine: RemoteModel
  try {
    engine = await RemoteModel.connect(remote.id, { url: remote.url, model: remote.model, api: input.api, apiKey: remoteApiKey(remote), retries: 0 })
  } catch (err) {
    // Nothing answering where the user pointed is a fault of the input here, not a failure mid-run.
    throw err instanceof DecodeError ? new InputError(err.message) : err
  }
  const replaced = saveRemote({ ...remote, api: engine.api.name })
  return { model: { id: remote.id, kind: 'remote', builtin: false, description: `${remote.model} served at ${remote.url}` }, api: engine.api.name, replaced, vocabSize: engine.vocabSize }
}
