import { LlamaServerModel } from '../models/remote/llama-server-model'
import { remoteApiKey, saveRemote, type RemoteRegistration } from '../models/remote/remote-registry'
import { listModels } from '../models/registry'
import { InputError } from '../../core/errors'
import { parse, required } from './args'
import type { Io } from './commands'

/** `models add-remote --url URL --model NAME [--api-key-env VAR] --name ID [--json]`: checks the engine, then saves the registration. */
export async function addRemoteCommand(args: string[], io: Io): Promise<number> {
  const command = 'models add-remote'
  const { values } = parse(command, args, {
    url: { type: 'string' },
    model: { type: 'string' },
    'api-key-env': { type: 'string' },
    name: { type: 'string' },
    json: { type: 'boolean' },
  })
  const remote: RemoteRegistration = {
    id: required(command, '--name', values.name),
    url: required(command, '--url', values.url).replace(/\/+$/, ''),
    model: required(command, '--model', values.model),
    ...(values['api-key-env'] ? { apiKeyEnv: values['api-key-env'] } : {}),
  }
  if (listModels().some((m) => m.id === remote.id && m.kind !== 'remote')) throw new InputError(`--name "${remote.id}" is already a model's id; choose another name`)
  // Registering only what answers: a wrong URL, key or model name is said now, not at the first run.
  const model = await LlamaServerModel.connect(remote.id, { url: remote.url, model: remote.model, apiKey: remoteApiKey(remote), retries: 0 })
  const replaced = saveRemote(remote)
  const description = `${remote.model} served at ${remote.url}`
  if (values.json) io.out(JSON.stringify({ model: { id: remote.id, kind: 'remote', builtin: false, description }, replaced, vocabSize: model.vocabSize }))
  else {
    io.out(`${replaced ? 'replaced' : 'registered'} ${remote.id}: ${description} (vocabulary ${model.vocabSize})`)
    io.out(`  try: run --model ${remote.id} --strategy greedy`)
  }
  return 0
}
