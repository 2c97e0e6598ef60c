import { describe, expect, it } from 'vitest'
import { parseChoiceLogprobs, parseContent } from './logprobs-shapes'

// Written by hand from vLLM's documented /v1/completions response with `logprobs: 3, echo: true,
// return_tokens_as_token_ids: true` (the classic OpenAI shape: parallel lists, top entries as dicts).
const VLLM_ECHO = {
  id: 'cmpl-8c2f',
  object: 'text_completion',
  model: 'meta-llama/Llama-3.2-1B',
  choices: [
    {
      index: 0,
      text: 'The cat sat',
      logprobs: {
        text_offset: [0, 3, 7],
        token_logprobs: [null, -2.5, -0.75],
        tokens: ['token_id:791', 'token_id:8415', 'token_id:7731'],
        top_logprobs: [
          null,
          { 'token_id:8415': -2.5, 'token_id:3363': -1.25, 'token_id:1495': -3 },
          { 'token_id:7731': -0.75, 'token_id:374': -1.5 },
        ],
      },
      finish_reason: 'length',
    },
  ],
}

describe('log-probabilities in the shapes engines answer with', () => {
  it("vLLM's dicts of token ids: positions in order, each top list sorted from most to least probable", () => {
    const got = parseChoiceLogprobs(VLLM_ECHO.choices[0].logprobs)
    expect(got).toEqual([
      { id: 791, logprob: null, top: [] },
      {
        id: 8415,
        logprob: -2.5,
        top: [
          { id: 3363, logprob: -1.25 },
          { id: 8415, logprob: -2.5 },
          { id: 1495, logprob: -3 },
        ],
      },
      {
        id: 7731,
        logprob: -0.75,
        top: [
          { id: 7731, logprob: -0.75 },
          { id: 374, logprob: -1.5 },
        ],
      },
    ])
  })

  it('tokens named by their text are refused with what to do', () => {
    expect(() =>
      parseChoiceLogprobs({ tokens: [' cat'], token_logprobs: [-1], top_logprobs: [{ ' cat': -1 }] }),
    ).toThrow(
      'the engine named a token by its text (" cat"), not by its id; an engine that ignores return_tokens_as_token_ids cannot be used with --api openai',
    )
  })

  it("llama-server's content list, with ids, texts and bytes", () => {
    const content = [
      {
        id: 97,
        token: '^',
        bytes: [94],
        logprob: -8.25,
        top_logprobs: [{ id: 254, token: '\ufffd', bytes: [251], logprob: -0.3125 }],
      },
    ]
    const expected = [{ id: 97, logprob: -8.25, top: [{ id: 254, token: '\ufffd', bytes: [251], logprob: -0.3125 }] }]
    expect(parseChoiceLogprobs({ content })).toEqual(expected)
    expect(parseContent(content)).toEqual(expected)
  })

  it('no log-probabilities at all is null, whatever stands in their place', () => {
    expect(parseChoiceLogprobs(null)).toBeNull()
    expect(parseChoiceLogprobs(undefined)).toBeNull()
    expect(parseChoiceLogprobs({})).toBeNull()
    expect(parseContent(undefined)).toBeNull()
  })
})
