import { addRemote } from '../models/remote/add-remote'
import { parse, required } from './args'
import type { Io } from './commands'

/** `models add-remote --url URL --model NAME [--api-key-env VAR] --name ID [--json]` */
export async function addRemoteCommand(args: string[], io: Io): Promise<number> {
  const command = 'models add-remote'
  const { values } = parse(command, args, {
    url: { type: 'string' },
    model: { type: 'string' },
    'api-key-env': { type: 'string' },
    name: { type: 'string' },
    json: { type: 'boolean' },
  })
  const name = required(command, '--name', values.name)
  const url = required(command, '--url', values.url)
  const model = required(command, '--model', values.model)
  const added = await addRemote({ name, url, model, apiKeyEnv: values['api-key-env'] }, '--')
  if (values.json) io.out(JSON.stringify(added))
  else {
    io.out(`${added.replaced ? 'replaced' : 'registered'} ${name}: ${added.model.description} (vocabulary ${added.vocabSize})`)
    io.out(`  try: run --model ${name} --strategy greedy`)
  }
  return 0
}
