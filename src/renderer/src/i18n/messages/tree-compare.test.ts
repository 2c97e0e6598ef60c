import { describe, expect, it } from 'vitest'
import { compare } from './compare'
import { tree } from './tree'

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe.each([
  ['tree', tree],
  ['compare', compare],
])('the %s texts', (_area, table) => {
  it('have a non-empty Chinese text for every English key, with the same {placeholders}', () => {
    for (const [key, en] of Object.entries(table.en)) {
      const zh = (table.zh as Record<string, string>)[key]
      expect(zh.trim(), key).not.toBe('')
      expect(placeholders(zh), key).toEqual(placeholders(en))
    }
  })
  it('carry no key that English lacks', () => {
    expect(Object.keys(table.zh).sort()).toEqual(Object.keys(table.en).sort())
  })
})
