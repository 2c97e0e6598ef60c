// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { applyChain } from '../processors'
import { buildChain, decodeOrder, encodeOrder, formatOrder, HF_ORDER, LLAMA_ORDER, orderDifference, parseOrder, PROCESSOR_KEYS } from './order'
import { cand, LLAMA } from './testing'

describe('order codes', () => {
  it('one hex digit per processor, first processor most significant', () => {
    // temperature is 5th, topK 6th, topP 7th: 0x567 = 5 × 256 + 6 × 16 + 7 = 1383.
    expect(parseOrder('temperature>topK>topP')).toBe(0x567)
    expect(parseOrder('topP > temperature')).toBe(0x75)
    expect(HF_ORDER).toBe(0x123456789abc)
    // llama: penalties 1 2 3, noRepeatNgram 4, topNSigma c, topK 6, typicalP 9, topP 7, minP 8, epsilon a, eta b, temperature 5.
    expect(LLAMA_ORDER).toBe(0x1234c6978ab5)
    expect(parseOrder('hf')).toBe(HF_ORDER)
    expect(parseOrder('llama')).toBe(LLAMA_ORDER)
  })

  it('decodes and formats back', () => {
    expect(decodeOrder(0x567)).toEqual(['temperature', 'topK', 'topP'])
    expect(decodeOrder(HF_ORDER)).toEqual(PROCESSOR_KEYS)
    expect(formatOrder(0x567)).toBe('temperature>topK>topP')
    expect(formatOrder(HF_ORDER)).toBe('hf')
    expect(formatOrder(LLAMA_ORDER)).toBe('llama')
    expect(encodeOrder(decodeOrder(LLAMA_ORDER))).toBe(LLAMA_ORDER)
  })

  it.each([0, -5, 1.5, 0x50, 0xd, 0x55, 16 ** 12])('rejects the code %s', (code) => {
    expect(() => decodeOrder(code)).toThrow(/order must be hf, llama or a list such as temperature>topK>topP/)
  })

  it('rejects unknown names and repeats in a list', () => {
    expect(() => parseOrder('temperature>topq')).toThrow('"topq" is not a processor (use repetitionPenalty, frequencyPenalty,')
    expect(() => parseOrder('topK>topK')).toThrow('order lists topK twice')
    expect(() => parseOrder('')).toThrow('"" is not a processor')
  })
})

describe('buildChain', () => {
  it('chains only the processors set to a non-neutral value, in order', () => {
    const values = { temperature: 0.5, topK: 0, topP: 0.8, minP: 0 }
    expect(buildChain(values, HF_ORDER).map((p) => p.name)).toEqual(['temperature', 'topP'])
    expect(buildChain(values, LLAMA_ORDER).map((p) => p.name)).toEqual(['topP', 'temperature'])
  })

  it('refuses an order that leaves out a processor that is set', () => {
    expect(() => buildChain({ temperature: 0.5, topP: 0.8 }, parseOrder('temperature>topK'))).toThrow(
      'order temperature>topK leaves out topP, which is set; list every processor that is set',
    )
  })

  it('hf and llama differ on temperature 0.5 with top-p 0.8, and the difference shows', () => {
    // hf, temperature first: 16/30, 9/30, 4/30, 1/30; 16/30 < 0.8 ≤ 25/30 → ids 3, 2 (0.64, 0.36).
    // llama, top-p first on 0.4, 0.3, 0.2, 0.1: 0.7 < 0.8 ≤ 0.9 → ids 3, 2, 1, then squared:
    // 0.16, 0.09, 0.04 over 0.29.
    const values = { temperature: 0.5, topP: 0.8 }
    const hf = applyChain(buildChain(values, HF_ORDER), cand(LLAMA))
    const llama = applyChain(buildChain(values, LLAMA_ORDER), cand(LLAMA))
    expect(Array.from(hf.ids)).toEqual([3, 2])
    expect(hf.probs[0]).toBeCloseTo(0.64, 12)
    expect(Array.from(llama.ids)).toEqual([3, 2, 1])
    ;[0.16 / 0.29, 0.09 / 0.29, 0.04 / 0.29].forEach((e, i) => expect(llama.probs[i]).toBeCloseTo(e, 12))
    expect(orderDifference(values, HF_ORDER, LLAMA_ORDER)).toEqual({ a: ['temperature', 'topP'], b: ['topP', 'temperature'], differs: true })
    expect(orderDifference({ topP: 0.8, minP: 0.1 }, HF_ORDER, LLAMA_ORDER).differs).toBe(false)
  })

  it('penalties see the context through applyChain', () => {
    // repetitionPenalty 2 with context [3]: 0.16 for id 3 (see penalties.test.ts), then top-k 1 keeps id 2.
    const out = applyChain(buildChain({ repetitionPenalty: 2, topK: 1 }), cand(LLAMA), [3])
    expect(Array.from(out.ids)).toEqual([2])
  })
})
