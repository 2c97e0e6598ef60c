// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { InputError } from './errors'
import { formatStrategy, MAX_SEED, parseStrategySpec, validateStrategy } from './strategy-spec'

/** A seed source that counts its calls. */
function seeds(value = 1234): { draw: () => number; calls: () => number } {
  let n = 0
  return {
    draw: () => {
      n++
      return value
    },
    calls: () => n,
  }
}

const noSeed = (): number => {
  throw new Error('no seed should be drawn')
}

function errorOf(text: string): string {
  try {
    parseStrategySpec(text, () => 1)
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return (err as Error).message
  }
  throw new Error(`"${text}" was accepted`)
}

describe('parseStrategySpec', () => {
  it('parses beam:width=3,lengthPenalty=0.6', () => {
    expect(parseStrategySpec('beam:width=3,lengthPenalty=0.6', noSeed)).toEqual({ name: 'beam', params: { width: 3, lengthPenalty: 0.6 } })
  })

  it('tolerates spaces around names, keys and values', () => {
    expect(parseStrategySpec(' beam : width = 3 , lengthPenalty=0.6 ', noSeed)).toEqual({ name: 'beam', params: { width: 3, lengthPenalty: 0.6 } })
  })

  it('fills in defaults', () => {
    expect(parseStrategySpec('greedy', noSeed)).toEqual({ name: 'greedy', params: {} })
    expect(parseStrategySpec('beam', noSeed)).toEqual({ name: 'beam', params: { width: 4, lengthPenalty: 0 } })
    expect(parseStrategySpec('beam:width=2', noSeed)).toEqual({ name: 'beam', params: { width: 2, lengthPenalty: 0 } })
    expect(parseStrategySpec('exact', noSeed)).toEqual({ name: 'exact', params: { budget: 1_000_000 } })
    expect(parseStrategySpec('nucleus:seed=1', noSeed)).toEqual({ name: 'nucleus', params: { p: 0.9, temperature: 1, seed: 1, samples: 1 } })
    expect(parseStrategySpec('topk:seed=1', noSeed)).toEqual({ name: 'topk', params: { k: 40, temperature: 1, seed: 1, samples: 1 } })
    expect(parseStrategySpec('sample:seed=1', noSeed)).toEqual({ name: 'sample', params: { temperature: 1, seed: 1, samples: 1 } })
  })

  it('draws a seed for a sampling strategy when none is given, once', () => {
    for (const name of ['nucleus', 'topk', 'sample']) {
      const s = seeds(4242)
      expect(parseStrategySpec(name, s.draw).params.seed).toBe(4242)
      expect(s.calls()).toBe(1)
    }
  })

  it('keeps a given seed, 0 included, and draws none', () => {
    const s = seeds()
    expect(parseStrategySpec('nucleus:p=0.5,seed=7', s.draw).params).toEqual({ p: 0.5, temperature: 1, seed: 7, samples: 1 })
    expect(parseStrategySpec('sample:seed=0', s.draw).params.seed).toBe(0)
    expect(parseStrategySpec(`topk:seed=${MAX_SEED}`, s.draw).params.seed).toBe(MAX_SEED)
    expect(s.calls()).toBe(0)
  })

  it('draws no seed for greedy, beam or exact', () => {
    const s = seeds()
    for (const text of ['greedy', 'beam', 'exact']) expect(parseStrategySpec(text, s.draw).params).not.toHaveProperty('seed')
    expect(s.calls()).toBe(0)
  })

  it('accepts p = 1', () => {
    expect(parseStrategySpec('nucleus:p=1,seed=1', noSeed).params.p).toBe(1)
  })

  it('rejects an unknown strategy, listing the known ones', () => {
    expect(errorOf('topp:p=0.9')).toBe('unknown strategy "topp" in "topp:p=0.9"; use one of greedy, beam, nucleus, topk, sample, exact')
    expect(errorOf('')).toMatch(/^unknown strategy ""/)
  })

  it('rejects an unknown parameter, listing the ones the strategy takes', () => {
    expect(errorOf('beam:seed=3')).toBe('strategy "beam:seed=3": unknown parameter "seed"; beam takes width, lengthPenalty')
    expect(errorOf('greedy:width=2')).toBe('strategy "greedy:width=2": unknown parameter "width"; greedy takes no parameters')
  })

  it.each(['0', '-0.5', '1.5', '1.0001'])('rejects p = %s', (p) => {
    expect(errorOf(`nucleus:p=${p}`)).toBe(`strategy "nucleus:p=${p}": p must be in (0, 1], got p = ${Number(p)}`)
  })

  it.each(['0', '-2'])('rejects width = %s', (w) => {
    expect(errorOf(`beam:width=${w}`)).toBe(`strategy "beam:width=${w}": width must be >= 1, got width = ${Number(w)}`)
  })

  it('rejects a fractional width', () => {
    expect(errorOf('beam:width=2.5')).toContain('width must be a whole number')
  })

  it.each(['nucleus', 'topk', 'sample'])('rejects temperature <= 0 for %s', (name) => {
    expect(errorOf(`${name}:temperature=0`)).toContain('temperature must be > 0, got temperature = 0')
    expect(errorOf(`${name}:temperature=-1`)).toContain('temperature must be > 0, got temperature = -1')
  })

  it.each(['abc', '', 'Infinity', '0x'])('rejects the non-number value "%s"', (v) => {
    expect(errorOf(`beam:width=${v}`)).toBe(`strategy "beam:width=${v}": width must be a number, got "${v}"`)
  })

  it('rejects a part that is not key=value, and a key given twice', () => {
    expect(errorOf('beam:width')).toBe('strategy "beam:width": "width" is not key=value')
    expect(errorOf('beam:=3')).toBe('strategy "beam:=3": "=3" is not key=value')
    expect(errorOf('beam:width=2,width=3')).toBe('strategy "beam:width=2,width=3": width is given twice')
  })

  it('rejects seeds outside [0, 2^32) and fractional ones', () => {
    expect(errorOf('sample:seed=-1')).toContain('seed must be >= 0')
    expect(errorOf(`sample:seed=${MAX_SEED + 1}`)).toContain(`seed must be <= ${MAX_SEED}`)
    expect(errorOf('sample:seed=1.5')).toContain('seed must be a whole number')
  })

  it('rejects k < 1, samples < 1 and budget < 1', () => {
    expect(errorOf('topk:k=0')).toContain('k must be >= 1')
    expect(errorOf('sample:samples=0')).toContain('samples must be >= 1')
    expect(errorOf('exact:budget=0')).toContain('budget must be >= 1')
  })
})

describe('validateStrategy', () => {
  it('validates parameters that come from elsewhere than a spec string', () => {
    expect(validateStrategy('beam', { width: 2 }, noSeed)).toEqual({ name: 'beam', params: { width: 2, lengthPenalty: 0 } })
    expect(() => validateStrategy('beam', { width: '2' }, noSeed)).toThrow(InputError)
  })
})

describe('formatStrategy', () => {
  it('writes a spec that parses back to the same one', () => {
    const spec = parseStrategySpec('nucleus:p=0.5,seed=9,samples=3', noSeed)
    expect(formatStrategy(spec)).toBe('nucleus:p=0.5,temperature=1,seed=9,samples=3')
    expect(parseStrategySpec(formatStrategy(spec), noSeed)).toEqual(spec)
    expect(formatStrategy({ name: 'greedy', params: {} })).toBe('greedy')
  })
})
