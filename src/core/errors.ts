/** Bad input from the user: a model file, a parameter, a prompt. The CLI exits with code 2. */
export class InputError extends Error {
  override name = 'InputError'
}

/** A prompt or text that the model's vocabulary cannot express. */
export class TokenizeError extends InputError {
  override name = 'TokenizeError'
}

/** A failure while decoding (a model with no rule for a prefix, say). The CLI exits with code 1. */
export class DecodeError extends Error {
  override name = 'DecodeError'
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
