import { describe, expect, it } from 'vitest'
import { seededRandom } from '../rng'
import { TokenHistory } from './history'
import { bannedTokens } from './no-repeat-ngram'

describe('TokenHistory (what penalties read, kept up to date token by token)', () => {
  it('counts and bans as a rescan of the whole context would, at every length', () => {
    const random = seededRandom(7)
    const tokens = [1, 2]
    const h = new TokenHistory(tokens)
    // Read first (so that the indexes exist), then pushed: the incremental updates are what is tested.
    for (const n of [1, 2, 3]) h.banned(n)
    h.countOf(0)
    for (let step = 0; step < 300; step++) {
      const t = Math.floor(random() * 5)
      tokens.push(t)
      h.push(t)
      expect(h.tokens).toEqual(tokens)
      for (const n of [1, 2, 3]) expect([...h.banned(n)].sort()).toEqual([...bannedTokens(tokens, n)].sort())
      for (let id = 0; id < 5; id++) expect(h.countOf(id)).toBe(tokens.filter((x) => x === id).length)
      expect([...h.distinct()].sort()).toEqual([...new Set(tokens)].sort())
    }
  })

  it('keeps the counts of the last n tokens as a rescan of them would, at every length', () => {
    const random = seededRandom(11)
    const tokens = [4, 4, 1]
    const h = new TokenHistory(tokens)
    for (const n of [0, 1, 3, 64]) h.window(n)
    for (let step = 0; step < 200; step++) {
      const t = Math.floor(random() * 4)
      tokens.push(t)
      h.push(t)
      for (const n of [0, 1, 3, 64]) {
        const last = n === 0 ? [] : tokens.slice(-n)
        for (let id = 0; id < 5; id++) expect(h.window(n).countOf(id)).toBe(last.filter((x) => x === id).length)
        expect([...h.window(n).distinct()].sort()).toEqual([...new Set(last)].sort())
      }
    }
    expect(h.window(-1)).toBe(h)
  })

  it('builds an index on first use from what it already holds', () => {
    expect([...new TokenHistory([1, 2, 3, 1, 2]).banned(3)]).toEqual([3])
    expect([...new TokenHistory([1]).banned(3)]).toEqual([])
    expect(new TokenHistory([4, 4, 5]).countOf(4)).toBe(2)
  })

  it("copies the array it starts from, so that pushing never changes the caller's", () => {
    const start = [1, 2]
    new TokenHistory(start).push(3)
    expect(start).toEqual([1, 2])
  })
})
