import { describe, expect, it } from 'vitest'
import { decodeTrainingText, modelNameFromFile, parseOrder, tooLargeToRead } from './training-text'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('decodeTrainingText', () => {
  it('decodes valid UTF-8, Chinese included', () => {
    expect(decodeTrainingText(utf8('床前明月光\nthe cat'))).toEqual({ ok: true, text: '床前明月光\nthe cat' })
  })
  it('refuses invalid UTF-8 instead of replacing it', () => {
    // "café" in Latin-1: 0xE9 starts a three-byte sequence that never completes.
    expect(decodeTrainingText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toEqual({ ok: false, problem: 'not-utf8' })
    expect(decodeTrainingText(new Uint8Array([0xff, 0xfe, 0x41, 0x00]))).toEqual({ ok: false, problem: 'not-utf8' })
  })
  it('counts characters, not bytes, against the limit', () => {
    expect(decodeTrainingText(utf8('天气好'), 3)).toEqual({ ok: true, text: '天气好' })
    expect(decodeTrainingText(utf8('天气好了'), 3)).toEqual({ ok: false, problem: 'too-large' })
  })
})

describe('tooLargeToRead', () => {
  it('refuses only files that cannot fit even at one byte per 4', () => {
    expect(tooLargeToRead(40, 10)).toBe(false)
    expect(tooLargeToRead(41, 10)).toBe(true)
    expect(tooLargeToRead(40_000_001)).toBe(true)
  })
})

describe('modelNameFromFile', () => {
  it('takes the base name and keeps letters, digits, "-" and "_"', () => {
    expect(modelNameFromFile('tang poems.txt')).toBe('tang-poems')
    expect(modelNameFromFile('C:\\texts\\唐诗 300.txt')).toBe('唐诗-300')
    expect(modelNameFromFile('/home/a/.notes.md')).toBe('notes')
    expect(modelNameFromFile('my_corpus.v2.txt')).toBe('my_corpus-v2')
    expect(modelNameFromFile('...')).toBe('')
  })
})

describe('parseOrder', () => {
  it('accepts whole numbers from 1 to 10 only', () => {
    expect(parseOrder('1')).toBe(1)
    expect(parseOrder(' 10 ')).toBe(10)
    expect(parseOrder('0')).toBe(null)
    expect(parseOrder('11')).toBe(null)
    expect(parseOrder('2.5')).toBe(null)
    expect(parseOrder('')).toBe(null)
    expect(parseOrder('3e0')).toBe(null)
  })
})
