import { describe, expect, it } from 'vitest'
import { promptsFromText } from './prompts-text'

describe('promptsFromText', () => {
  it('takes one prompt per line, LF or CRLF, drops blank lines and a byte-order mark, keeps inner spaces', () => {
    expect(promptsFromText('\uFEFF天\r\n\r\n  \nthe cat\n天 气\n')).toEqual(['天', 'the cat', '天 气'])
  })
  it('gives no prompt for an empty or blank file', () => {
    expect(promptsFromText('')).toEqual([])
    expect(promptsFromText('\n \r\n')).toEqual([])
  })
})
