// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { namedOrder, orderChain, orderCodeOf } from './OrderField'

describe('namedOrder', () => {
  it('recognises the codes of hf (0x123456789abc) and llama (0x123dc6978e5)', () => {
    expect(namedOrder(String(0x123456789abc))).toBe('hf')
    expect(namedOrder(` ${0x123dc6978e5} `)).toBe('llama')
  })
  it('calls every other code custom, the empty field included', () => {
    expect(namedOrder(String(0x567))).toBe('custom')
    expect(namedOrder('')).toBe('custom')
  })
})

describe('a custom order typed as names or as a code', () => {
  it('turns a list of names into its code, one hex digit per processor in PROCESSOR_KEYS order', () => {
    // temperature is digit 5, topK 6, topP 7 (core/processors/order.ts): topK>temperature = 0x65.
    expect(orderCodeOf('topK>temperature')).toBe(String(0x65))
    expect(orderCodeOf(' topP > topK ')).toBe(String(0x76))
    expect(orderCodeOf('llama')).toBe(String(0x123dc6978e5))
  })
  it('leaves numbers, the empty field and unknown names for validation to judge', () => {
    expect(orderCodeOf('1383')).toBe('1383')
    expect(orderCodeOf('')).toBe('')
    expect(orderCodeOf('topK>nonsense')).toBe('topK>nonsense')
  })
  it('spells out the chain of a code, and nothing for what is no code', () => {
    expect(orderChain(String(0x65))).toBe('topK > temperature')
    expect(orderChain('')).toBeNull()
    expect(orderChain('topK')).toBeNull()
  })
})
