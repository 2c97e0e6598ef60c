import { InputError } from '../../core/errors'
import { addRemote } from '../models/remote/add-remote'
import { REMOTE_APIS, type RemoteApi } from '../models/remote/engine'
import { parse, required } from './args'
import type { Io } from './io'

/** `models add-remote --url URL --model NAME [--api openai|llama-server] [--api-key-env VAR] --name ID [--json]` */
export async function addRemoteCommand(args: string[], io: Io): Promise<number> {
  const command = 'models add-remote'
  const { values } = parse(command, args, {
    url: { type: 'string' },
    model: { type: 'string' },
    api: { type: 'string' },
    'api-key-env': { type: 'string' },
    name: { type: 'string' },
    json: { type: 'boolean' },
  })
  const name = required(command, '--name', values.name)
  const url = required(command, '--url', values.url)
  const model = required(command, '--model', values.model)
  const api = values.api
  if (api !== undefined && !REMOTE_APIS.includes(api as RemoteApi))
    throw new InputError(`${command}: --api must be ${REMOTE_APIS.join(' or ')}, got "${api}"`)
  const added = await addRemote(
    { name, url, model, api: api as RemoteApi | undefined, apiKeyEnv: values['api-key-env'] },
    '--',
  )
  if (values.json) io.out(JSON.stringify(added))
  else {
    io.out(
      `${added.replaced ? 'replaced' : 'registered'} ${name}: ${added.model.description}, ${added.api} API (vocabulary ${added.vocabSize || 'not given'})`,
    )
    io.out(`  try: run --model ${name} --strategy greedy`)
  }
  return 0
}
