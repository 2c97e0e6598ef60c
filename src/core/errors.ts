/**
 * Bad input from the user: a model file, a parameter, a prompt. The CLI exits with code 2.
 * `message` is the CLI's wording and may name its flags (--grid, --db); where it does, `app` says
 * the same in the app's words, which name fields and buttons instead (see appMessage).
 */
export class InputError extends Error {
  override name = 'InputError'
  readonly app: string | undefined
  constructor(message: string, wording?: { app: string }) {
    super(message)
    this.app = wording?.app
  }
}

/** An error's message as the app shows it: the app's own wording where the CLI's names a flag. */
export function appMessage(err: unknown): string {
  if ((err instanceof InputError || err instanceof DecodeError) && err.app !== undefined) return err.app
  return err instanceof Error ? err.message : String(err)
}

/** A prompt or text that the model's vocabulary cannot express. */
export class TokenizeError extends InputError {
  override name = 'TokenizeError'
}

/** A failure while decoding (a model with no rule for a prefix, say). The CLI exits with code 1. */
export class DecodeError extends Error {
  override name = 'DecodeError'
  /** As InputError's: the app's wording where the message names a CLI flag. */
  readonly app: string | undefined
  constructor(message: string, wording?: { app: string }) {
    super(message)
    this.app = wording?.app
  }
}

export class CancelledError extends Error {
  override name = 'CancelledError'
  constructor() {
    super('the run was cancelled')
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError()
}
