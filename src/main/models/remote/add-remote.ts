import { DecodeError, InputError } from '../../../core/errors'
import type { ModelInfo } from '../../../core/records'
import { listModels } from '../registry'
import type { RemoteApi } from './engine'
import { RemoteModel } from './remote-model'
import { remoteApiKey, saveRemote, type RemoteRegistration } from './remote-registry'
import { NO_SECRET_STORE, type SecretStore } from './secret-store'

export interface AddedRemote {
  model: ModelInfo
  api: RemoteApi
  replaced: boolean
  vocabSize: number
}

/**
 * Registers an engine once it answers: a wrong URL, key or model name is said now, not at the first run.
 * A key given itself (the desktop app) goes encrypted into `secrets`; without a store it is refused.
 */
export async function addRemote(
  input: { name: string; url: string; model: string; api?: RemoteApi; apiKeyEnv?: string; apiKey?: string },
  flags = '',
  secrets?: SecretStore,
): Promise<AddedRemote> {
  if (input.apiKey && input.apiKeyEnv)
    throw new InputError('give the API key or the environment variable that holds it, not both')
  if (input.apiKey && !secrets) throw new InputError(NO_SECRET_STORE)
  const remote: RemoteRegistration = {
    id: input.name,
    url: input.url.replace(/\/+$/, ''),
    model: input.model,
    ...(input.apiKeyEnv ? { apiKeyEnv: input.apiKeyEnv } : {}),
  }
  if (listModels().some((m) => m.id === remote.id && m.kind !== 'remote'))
    throw new InputError(`${flags}name "${remote.id}" is already a model's id; choose another name`)
  let engine: RemoteModel
  try {
    engine = await RemoteModel.connect(remote.id, {
      url: remote.url,
      model: remote.model,
      api: input.api,
      apiKey: input.apiKey ?? remoteApiKey(remote),
      retries: 0,
    })
  } catch (err) {
    // Nothing answering where the user pointed is a fault of the input here, not a failure mid-run.
    throw err instanceof DecodeError ? new InputError(err.message) : err
  }
  if (input.apiKey) secrets?.save(remote.id, input.apiKey)
  else secrets?.remove(remote.id)
  const replaced = saveRemote({
    ...remote,
    api: engine.api.name,
    ...(input.apiKey ? { apiKeyStored: true as const } : {}),
  })
  return {
    model: { id: remote.id, kind: 'remote', builtin: false, description: `${remote.model} served at ${remote.url}` },
    api: engine.api.name,
    replaced,
    vocabSize: engine.vocabSize,
  }
}
