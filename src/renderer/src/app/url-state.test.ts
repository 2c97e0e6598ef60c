import { describe, expect, it } from 'vitest'
import { DEFAULT_STATE, formatOpenState, parseOpenState } from './url-state'

describe('the open state in the URL hash', () => {
  it('reads the experiment, tab, run and view beside the access token', () => {
    expect(parseOpenState('#token=abc&exp=3&tab=tree&run=5&view=sweeps')).toEqual({
      view: 'sweeps',
      experimentId: 3,
      tab: 'tree',
      runId: 5,
    })
  })

  it('falls back to the default for unknown or hostile values', () => {
    expect(parseOpenState('#exp=0&tab=<script>&run=-1&view=x')).toEqual(DEFAULT_STATE)
    expect(parseOpenState('#exp=3e2&run=1.5')).toEqual(DEFAULT_STATE)
    expect(parseOpenState('')).toEqual(DEFAULT_STATE)
  })

  it('keeps the token and writes only what differs from the default', () => {
    expect(formatOpenState('#token=abc', { view: 'experiment', experimentId: 7, tab: 'text', runId: null })).toBe(
      '#token=abc&exp=7&tab=text',
    )
    expect(formatOpenState('#token=abc&exp=7&tab=text', { ...DEFAULT_STATE, view: 'models' })).toBe(
      '#token=abc&view=models',
    )
    expect(formatOpenState('#exp=1', DEFAULT_STATE)).toBe('')
  })

  it('round-trips', () => {
    const state = { view: 'experiment', experimentId: 12, tab: 'overlay', runId: 40 } as const
    expect(parseOpenState(formatOpenState('#token=t%26x', state))).toEqual(state)
    expect(new URLSearchParams(formatOpenState('#token=t%26x', state).slice(1)).get('token')).toBe('t&x')
  })
})
