import { InputError } from '../../core/errors'

/** Bad command-line usage: exit code 2, one line. */
export class UsageError extends InputError {
  override name = 'UsageError'
}
