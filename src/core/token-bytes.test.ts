import { describe, expect, it } from 'vitest'
import { byteForm, byteLevelBytes, displayAfter, pathDisplays, spellsBytes } from './token-bytes'

const bytes = (...b: number[]) => Uint8Array.from(b)
const utf8 = (s: string) => new TextEncoder().encode(s)

describe('byteLevelBytes', () => {
  it("decodes GPT-2's byte-to-unicode spelling", () => {
    expect([...(byteLevelBytes('Ġworld') ?? [])]).toEqual([...utf8(' world')])
    expect([...(byteLevelBytes('Ċ') ?? [])]).toEqual([0x0a])
    expect([...(byteLevelBytes('ĉ') ?? [])]).toEqual([0x09])
    // é as one byte-level character is the byte 0xE9; the character é is spelled Ã©.
    expect([...(byteLevelBytes('é') ?? [])]).toEqual([0xe9])
    expect([...(byteLevelBytes('Ã©') ?? [])]).toEqual([0xc3, 0xa9])
    // Bytes 0x00, 0x7F, 0xAD map to U+0100, U+0121, U+0143 (the 1st, 34th and 68th unprintable bytes).
    expect([...(byteLevelBytes('\u0100\u0121\u0143') ?? [])]).toEqual([0x00, 0x7f, 0xad])
    expect([...(byteLevelBytes('é¾') ?? [])]).toEqual([0xe9, 0xbe])
  })

  it('gives null for text outside the map', () => {
    expect(byteLevelBytes('a b')).toBeNull()
    expect(byteLevelBytes('天')).toBeNull()
  })
})

describe('displayAfter and pathDisplays', () => {
  it('shows whole characters as text', () => {
    expect(displayAfter(bytes(), utf8(' 天气'))).toEqual({ text: ' 天气', open: bytes() })
  })

  it('shows a split character as bytes, and the character on the token that finishes it', () => {
    // 度 is E5 BA A6.
    expect(pathDisplays([bytes(0xe5, 0xba), bytes(0xa6)], ['', ''])).toEqual(['<E5 BA>', '<A6>度'])
    expect(pathDisplays([bytes(0xe5), bytes(0xba), bytes(0xa6, 0x41)], ['', '', ''])).toEqual([
      '<E5>',
      '<BA>',
      '<A6>度A',
    ])
    expect(pathDisplays([utf8('天'), bytes(0xe5, 0xba)], ['', ''])).toEqual(['天', '<E5 BA>'])
    // 😀 is F0 9F 98 80.
    expect(pathDisplays([bytes(0xf0, 0x9f), bytes(0x98, 0x80)], ['', ''])).toEqual(['<F0 9F>', '<98 80>😀'])
    expect(displayAfter(bytes(0xe5), bytes(0xba))).toEqual({ text: '<BA>', open: bytes(0xe5, 0xba) })
  })

  it('shows bytes that cannot be UTF-8 as bytes, once', () => {
    expect(pathDisplays([bytes(0xff, 0x41)], [''])).toEqual(['<FF>A'])
    expect(pathDisplays([bytes(0xa0, 0x80)], [''])).toEqual(['<A0 80>'])
    // A lead byte cut off by an ASCII byte: the lead was shown by its own token.
    expect(pathDisplays([bytes(0xe5), bytes(0x41)], ['', ''])).toEqual(['<E5>', 'A'])
    // Overlong (C0) and surrogate (ED A0) forms are not characters.
    expect(pathDisplays([bytes(0xc0, 0xaf)], [''])).toEqual(['<C0 AF>'])
    expect(pathDisplays([bytes(0xed, 0xa0, 0x80)], [''])).toEqual(['<ED A0 80>'])
  })

  it('shows a token without bytes by its text, and forgets an unfinished character there', () => {
    expect(pathDisplays([bytes(0xe5, 0xba), null, bytes(0xa6)], ['', '<|im_end|>', ''])).toEqual([
      '<E5 BA>',
      '<|im_end|>',
      '<A6>',
    ])
  })

  it('writes bytes in upper-case hex', () => {
    expect(byteForm([0, 0x0a, 0xff])).toBe('<00 0A FF>')
  })
})

describe('spellsBytes', () => {
  const normal = () => true
  it('tells a byte-level vocabulary from one of raw text with ▁ for a space', () => {
    expect(spellsBytes(['Ġworld', 'hello', 'Ċ', 'é¾'], normal)).toBe(true)
    expect(spellsBytes(['▁world', 'hello', '床', 'é'], normal)).toBe(false)
  })

  it('is not decided by a few stray tokens, nor by tokens that are not normal', () => {
    const pieces = [...Array.from({ length: 19 }, (_, i) => `Ġt${i}`), '<think>▁']
    expect(spellsBytes(pieces, normal)).toBe(true)
    expect(spellsBytes(['▁a', '▁b', 'Ġc'], (id) => id === 2)).toBe(true)
  })
})
