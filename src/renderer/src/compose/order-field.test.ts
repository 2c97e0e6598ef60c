// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { namedOrder } from './OrderField'

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
