import { describe, expect, it, vi } from 'vitest'
import { parseEvent, typedBridge, type RawBridge } from './contract'

describe('events from the main process are checked against their schemas', () => {
  const progress = { jobId: 1, runId: 2, step: 3, maxTokens: 8, text: '天气', treeNodes: 9 }

  it('passes a valid payload through', () => {
    expect(parseEvent('run.progress', progress)).toEqual({ ok: true, payload: progress })
  })

  it.each([
    [
      'a field of the wrong type',
      { ...progress, step: 'three' },
      'invalid run.progress event dropped: step: Invalid input: expected number, received string',
    ],
    [
      'a missing field',
      { jobId: 1, runId: 2 },
      'invalid run.progress event dropped: step: Invalid input: expected number, received undefined',
    ],
    [
      'no object at all',
      '<img src=x onerror=alert(1)>',
      'invalid run.progress event dropped: payload: Invalid input: expected object, received string',
    ],
  ])('refuses %s with a line naming the field', (_name, payload, error) => {
    expect(parseEvent('run.progress', payload)).toEqual({ ok: false, error })
  })

  it('refuses an event channel the contract does not have, even one named like an object property', () => {
    expect(parseEvent('__proto__' as never, {})).toEqual({ ok: false, error: 'unknown event "__proto__" dropped' })
  })

  it('a typed bridge hands valid events to the listener and drops invalid ones', () => {
    let emit: (payload: unknown) => void = () => {}
    const raw: RawBridge = {
      invoke: () => Promise.resolve({ ok: true, result: null }),
      on: (_channel, listener) => {
        emit = listener
        return () => {}
      },
    }
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const seen: unknown[] = []
    typedBridge(raw).on('run.progress', (p) => seen.push(p))
    emit(progress)
    emit({ ...progress, treeNodes: 1.5 })
    expect(seen).toEqual([progress])
    expect(warn).toHaveBeenCalledWith(
      'invalid run.progress event dropped: treeNodes: Invalid input: expected int, received number',
    )
    warn.mockRestore()
  })
})
