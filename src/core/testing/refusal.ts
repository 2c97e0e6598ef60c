import { InputError } from '../errors'
import { validateStrategy, type StrategyName } from '../strategy-spec'

/**
 * The message a strategy's schema refuses these parameters with (the one place a processor's range
 * is checked), or null when it takes them. Anything but an InputError is a bug and is thrown on.
 */
export function refusal(params: Record<string, number>, name: StrategyName = 'sample'): string | null {
  try {
    validateStrategy(name, params)
    return null
  } catch (err) {
    if (!(err instanceof InputError)) throw err
    return err.message
  }
}
