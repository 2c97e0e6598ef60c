// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { InputError } from '../../core/errors'
import { resolveModel } from '../models/registry'
import { checkForced, forcedTokens } from './forced-tokens'

// greedy-trap: <s>=0 the=1 a=2 cat=3 dog=4 bird=5 </s>=6; after "<s>": the 0.55, a 0.45; after "a": cat 0.9, dog 0.1.
const model = await resolveModel('greedy-trap')
const prompt = await model.tokenize('')

/** The CLI's message and the app's, of what `run` throws. */
async function refusal(run: () => Promise<unknown>): Promise<{ cli: string; app: string | undefined }> {
  const err = await run().then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof InputError)) throw new Error(`expected an InputError, got ${String(err)}`)
  return { cli: err.message, app: err.app }
}

describe('checkForced', () => {
  it('returns possible token ids as they are', async () => {
    expect(await checkForced(model, prompt, [2, 3, 6])).toEqual([2, 3, 6])
  })

  it('refuses an id outside the vocabulary, naming it once for the CLI and once for the app', async () => {
    expect(await refusal(() => checkForced(model, prompt, [1, 7]))).toEqual({
      cli: '--force: token id 7 is outside the vocabulary of greedy-trap',
      app: 'forced tokens: token id 7 is outside the vocabulary of greedy-trap',
    })
    expect((await refusal(() => checkForced(model, prompt, [1.5]))).cli).toBe(
      '--force: token id 1.5 is outside the vocabulary of greedy-trap',
    )
  })

  it('refuses tokens after the end token, but lets the prefix end with it', async () => {
    expect(await refusal(() => checkForced(model, prompt, [6, 1]))).toEqual({
      cli: '--force: a forced prefix can end with </s>, not go on after it',
      app: 'forced tokens: a forced prefix can end with </s>, not go on after it',
    })
  })

  it('refuses a token the model gives probability 0, naming the tokens before it', async () => {
    expect(await refusal(() => checkForced(model, prompt, [5]))).toEqual({
      cli: '--force: greedy-trap gives "bird" probability 0 after the prompt',
      app: 'forced tokens: greedy-trap gives "bird" probability 0 after the prompt',
    })
    expect((await refusal(() => checkForced(model, prompt, [2, 5]))).cli).toBe(
      '--force: greedy-trap gives "bird" probability 0 after the prompt and "a"',
    )
  })
})

describe('forcedTokens', () => {
  it('reads token texts separated by spaces', async () => {
    expect(await forcedTokens(model, prompt, 'the cat')).toEqual([1, 3])
  })

  it('checks what it read', async () => {
    expect((await refusal(() => forcedTokens(model, prompt, 'a bird'))).cli).toBe(
      '--force: greedy-trap gives "bird" probability 0 after the prompt and "a"',
    )
  })
})
