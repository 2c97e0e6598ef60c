import { ContractError, isRequestChannel, parseRequest, type Envelope, type LabApi } from '../../core/contract'
import { appMessage, InputError } from '../../core/errors'

export type { Envelope }

/** Validates a request against the contract and hands it to the service. */
export async function dispatch(api: LabApi, channel: string, payload: unknown): Promise<Envelope> {
  try {
    if (!isRequestChannel(channel)) throw new ContractError(`unknown request "${channel}"`)
    const valid = parseRequest(channel, payload)
    const result = await (api[channel] as (p: unknown) => Promise<unknown>)(valid)
    return { ok: true, result }
  } catch (err) {
    // The app's wording: no CLI flags.
    const message = appMessage(err)
    const input = err instanceof InputError || err instanceof ContractError
    return { ok: false, error: message, kind: input ? 'input' : 'internal' }
  }
}
