// @vitest-environment node
import { describe, expect, it } from 'vitest'
import { InputError } from './errors'
import { HF_ORDER, LLAMA_ORDER } from './processors/order'
import {
  formatStrategy,
  MAX_EXACT_BUDGET,
  MAX_SEED,
  parseStrategySpec,
  validateStrategy,
  withSeed,
} from './strategy-spec'

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
    expect(parseStrategySpec('beam:width=3,lengthPenalty=0.6', noSeed)).toEqual({
      name: 'beam',
      params: { width: 3, lengthPenalty: 0.6 },
    })
  })

  it('tolerates spaces around names, keys and values', () => {
    expect(parseStrategySpec(' beam : width = 3 , lengthPenalty=0.6 ', noSeed)).toEqual({
      name: 'beam',
      params: { width: 3, lengthPenalty: 0.6 },
    })
  })

  it('fills in defaults', () => {
    expect(parseStrategySpec('greedy', noSeed)).toEqual({ name: 'greedy', params: {} })
    expect(parseStrategySpec('beam', noSeed)).toEqual({ name: 'beam', params: { width: 4, lengthPenalty: 0 } })
    expect(parseStrategySpec('beam:width=2', noSeed)).toEqual({ name: 'beam', params: { width: 2, lengthPenalty: 0 } })
    expect(parseStrategySpec('exact', noSeed)).toEqual({ name: 'exact', params: { budget: 1_000_000 } })
    expect(parseStrategySpec('nucleus:seed=1', noSeed)).toEqual({
      name: 'nucleus',
      params: { p: 0.9, temperature: 1, seed: 1, samples: 1 },
    })
    expect(parseStrategySpec('topk:seed=1', noSeed)).toEqual({
      name: 'topk',
      params: { k: 40, temperature: 1, seed: 1, samples: 1 },
    })
    expect(parseStrategySpec('sample:seed=1', noSeed)).toEqual({
      name: 'sample',
      params: { temperature: 1, seed: 1, samples: 1 },
    })
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
    expect(parseStrategySpec('nucleus:p=0.5,seed=7', s.draw).params).toEqual({
      p: 0.5,
      temperature: 1,
      seed: 7,
      samples: 1,
    })
    expect(parseStrategySpec('sample:seed=0', s.draw).params.seed).toBe(0)
    expect(parseStrategySpec(`topk:seed=${MAX_SEED}`, s.draw).params.seed).toBe(MAX_SEED)
    expect(s.calls()).toBe(0)
  })

  it('draws no seed for greedy, beam or exact', () => {
    const s = seeds()
    for (const text of ['greedy', 'beam', 'exact'])
      expect(parseStrategySpec(text, s.draw).params).not.toHaveProperty('seed')
    expect(s.calls()).toBe(0)
  })

  it('accepts p = 1', () => {
    expect(parseStrategySpec('nucleus:p=1,seed=1', noSeed).params.p).toBe(1)
  })

  it('rejects an unknown strategy, listing the known ones', () => {
    expect(errorOf('topp:p=0.9')).toBe(
      'unknown strategy "topp" in "topp:p=0.9"; use one of greedy, beam, nucleus, topk, sample, minp, typical, exact, speculative, mbr, vote, contrastive',
    )
    expect(errorOf('')).toMatch(/^unknown strategy ""/)
  })

  it('rejects an unknown parameter, listing the ones the strategy takes', () => {
    expect(errorOf('beam:seed=3')).toBe(
      'strategy "beam:seed=3": unknown parameter "seed"; beam takes width, lengthPenalty, groups, diversityPenalty',
    )
    expect(errorOf('greedy:width=2')).toBe(
      'strategy "greedy:width=2": unknown parameter "width"; greedy takes no parameters',
    )
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
    expect(errorOf(`exact:budget=${MAX_EXACT_BUDGET + 1}`)).toBe(
      `strategy "exact:budget=10000001": budget must be <= 10000000, got budget = 10000001`,
    )
    expect(parseStrategySpec(`exact:budget=${MAX_EXACT_BUDGET}`, noSeed).params.budget).toBe(10_000_000)
  })
})

describe('parameter names like Object.prototype members', () => {
  it.each(['__proto__', 'constructor', 'toString'])('refuses %s as an unknown parameter', (key) => {
    expect(errorOf(`nucleus:p=0.9,${key}=1`)).toBe(
      `strategy "nucleus:p=0.9,${key}=1": unknown parameter "${key}"; nucleus takes p, temperature, seed, samples`,
    )
  })
})

describe('validateStrategy', () => {
  it('validates parameters that come from elsewhere than a spec string', () => {
    expect(validateStrategy('beam', { width: 2 }, noSeed)).toEqual({
      name: 'beam',
      params: { width: 2, lengthPenalty: 0 },
    })
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

describe('sample takes every processor', () => {
  it('records only the processors given, plus temperature', () => {
    expect(parseStrategySpec('sample:topP=0.8,seed=1', noSeed).params).toEqual({
      temperature: 1,
      topP: 0.8,
      seed: 1,
      samples: 1,
    })
  })

  it('parses every processor parameter; two or more active record the hf order', () => {
    const spec = parseStrategySpec(
      'sample:temperature=0.7,topK=50,topP=0.9,minP=0.05,typicalP=0.95,epsilon=0.0003,eta=0.002,topNSigma=1.5,repetitionPenalty=1.2,frequencyPenalty=0.5,presencePenalty=-0.5,noRepeatNgram=3,seed=4',
      noSeed,
    )
    expect(spec.params).toEqual({
      temperature: 0.7,
      topK: 50,
      topP: 0.9,
      minP: 0.05,
      typicalP: 0.95,
      epsilon: 0.0003,
      eta: 0.002,
      topNSigma: 1.5,
      repetitionPenalty: 1.2,
      frequencyPenalty: 0.5,
      presencePenalty: -0.5,
      noRepeatNgram: 3,
      order: HF_ORDER,
      seed: 4,
      samples: 1,
    })
  })

  it('takes order=hf, order=llama, an explicit list or its number code', () => {
    expect(parseStrategySpec('sample:temperature=0.5,topP=0.8,order=hf,seed=1', noSeed).params.order).toBe(
      0x123456789abc,
    )
    expect(parseStrategySpec('sample:temperature=0.5,topP=0.8,order=llama,seed=1', noSeed).params.order).toBe(
      LLAMA_ORDER,
    )
    // topP is 7th, temperature 5th: 0x75 = 117.
    expect(
      parseStrategySpec('sample:temperature=0.5,topP=0.8,order=topP>temperature,seed=1', noSeed).params.order,
    ).toBe(117)
    expect(parseStrategySpec('sample:temperature=0.5,topP=0.8,order=117,seed=1', noSeed).params.order).toBe(117)
    // One processor: order cannot matter and is not recorded unless given.
    expect(parseStrategySpec('sample:topK=5,seed=1', noSeed).params).not.toHaveProperty('order')
  })

  it('formats the order readably, and the format parses back', () => {
    const llama = parseStrategySpec('sample:temperature=0.5,topP=0.8,order=llama,seed=1', noSeed)
    expect(formatStrategy(llama)).toBe('sample:temperature=0.5,topP=0.8,order=llama,seed=1,samples=1')
    const list = parseStrategySpec('sample:temperature=0.5,topP=0.8,order=topP>temperature,seed=1', noSeed)
    expect(formatStrategy(list)).toBe('sample:temperature=0.5,topP=0.8,order=topP>temperature,seed=1,samples=1')
    expect(parseStrategySpec(formatStrategy(list), noSeed)).toEqual(list)
    expect(parseStrategySpec(formatStrategy(llama), noSeed)).toEqual(llama)
  })

  it.each([
    ['topK=-1', 'topK must be >= 0, got topK = -1'],
    ['topK=2.5', 'topK must be a whole number, got topK = 2.5'],
    ['topP=0', 'topP must be in (0, 1], got topP = 0'],
    ['topP=1.2', 'topP must be in (0, 1], got topP = 1.2'],
    ['minP=-0.1', 'minP must be in [0, 1], got minP = -0.1'],
    ['minP=2', 'minP must be in [0, 1], got minP = 2'],
    ['typicalP=0', 'typicalP must be in (0, 1], got typicalP = 0'],
    ['epsilon=1', 'epsilon must be in [0, 1), got epsilon = 1'],
    ['eta=-0.001', 'eta must be in [0, 1), got eta = -0.001'],
    ['topNSigma=-1', 'topNSigma must be >= 0, got topNSigma = -1'],
    ['repetitionPenalty=0', 'repetitionPenalty must be > 0, got repetitionPenalty = 0'],
    ['frequencyPenalty=3', 'frequencyPenalty must be in [-2, 2], got frequencyPenalty = 3'],
    ['presencePenalty=-2.5', 'presencePenalty must be in [-2, 2], got presencePenalty = -2.5'],
    ['noRepeatNgram=1.5', 'noRepeatNgram must be a whole number, got noRepeatNgram = 1.5'],
    ['noRepeatNgram=-1', 'noRepeatNgram must be >= 0, got noRepeatNgram = -1'],
    ['temperature=0', 'temperature must be > 0, got temperature = 0'],
    ['order=80', 'order must be hf, llama or a list such as temperature>topK>topP, got order = 80'], // 0x50: digit 0 is no processor
  ])('rejects %s with one line naming the parameter and its range', (param, message) => {
    const text = `sample:${param}`
    expect(errorOf(text)).toBe(`strategy "${text}": ${message}`)
  })

  it('rejects an unknown processor in an order, and an order that leaves out a processor that is set', () => {
    expect(errorOf('sample:order=temperature>topq')).toBe(
      'strategy "sample:order=temperature>topq": order must be hf, llama or a list such as temperature>topK>topP; "topq" is not a processor (use repetitionPenalty, frequencyPenalty, presencePenalty, noRepeatNgram, temperature, topK, topP, minP, typicalP, epsilon, eta, topNSigma, dry, xtc)',
    )
    expect(errorOf('sample:temperature=0.5,topP=0.8,order=temperature>topK')).toBe(
      'strategy "sample:temperature=0.5,topP=0.8,order=temperature>topK": order temperature>topK leaves out topP, which is set; list every processor that is set',
    )
    expect(errorOf('sample:order=topK>topK')).toBe('strategy "sample:order=topK>topK": order lists topK twice')
  })
})

describe('presets', () => {
  it('minp and typical are presets with p, temperature, seed, samples', () => {
    expect(parseStrategySpec('minp:seed=1', noSeed)).toEqual({
      name: 'minp',
      params: { p: 0.05, temperature: 1, seed: 1, samples: 1 },
    })
    expect(parseStrategySpec('typical:p=0.5,seed=1', noSeed)).toEqual({
      name: 'typical',
      params: { p: 0.5, temperature: 1, seed: 1, samples: 1 },
    })
    expect(errorOf('minp:p=0')).toBe('strategy "minp:p=0": p must be in (0, 1], got p = 0')
    expect(errorOf('typical:p=1.5')).toBe('strategy "typical:p=1.5": p must be in (0, 1], got p = 1.5')
  })
})

describe('beam groups', () => {
  it('takes groups and diversityPenalty, recorded only when given', () => {
    expect(parseStrategySpec('beam:width=4,groups=2,diversityPenalty=0.5', noSeed).params).toEqual({
      width: 4,
      lengthPenalty: 0,
      groups: 2,
      diversityPenalty: 0.5,
    })
  })

  it('rejects groups that do not divide width, a penalty without groups, and bad values', () => {
    expect(errorOf('beam:width=4,groups=3')).toBe(
      'strategy "beam:width=4,groups=3": groups must divide width (4) into groups of equal size, got groups = 3',
    )
    expect(errorOf('beam:width=4,diversityPenalty=1')).toBe(
      'strategy "beam:width=4,diversityPenalty=1": diversityPenalty needs groups >= 2 (it penalises tokens earlier groups chose), got groups = 1',
    )
    expect(errorOf('beam:groups=0')).toBe('strategy "beam:groups=0": groups must be >= 1, got groups = 0')
    expect(errorOf('beam:width=4,groups=2,diversityPenalty=-1')).toBe(
      'strategy "beam:width=4,groups=2,diversityPenalty=-1": diversityPenalty must be >= 0, got diversityPenalty = -1',
    )
  })
})

describe('speculative', () => {
  it('carries its draft model outside the numeric params, with defaults and a drawn seed', () => {
    expect(parseStrategySpec('speculative:draft=seed-weather,lookahead=3', seeds(77).draw)).toEqual({
      name: 'speculative',
      draft: 'seed-weather',
      params: { lookahead: 3, temperature: 1, seed: 77, samples: 1 },
    })
    // A path may hold '=' and ':'; only ',' ends it.
    expect(parseStrategySpec('speculative:draft=/m/a=b:c.json,seed=1', noSeed).draft).toBe('/m/a=b:c.json')
  })

  it('takes the sample processors and records their order', () => {
    const spec = parseStrategySpec('speculative:draft=d,temperature=0.7,topK=5,seed=1', noSeed)
    expect(spec.params).toEqual({ lookahead: 4, temperature: 0.7, topK: 5, order: HF_ORDER, seed: 1, samples: 1 })
  })

  it('formats back to a spec that parses to the same', () => {
    const spec = parseStrategySpec('speculative:lookahead=2,draft=d,seed=3', noSeed)
    expect(formatStrategy(spec)).toBe('speculative:draft=d,lookahead=2,temperature=1,seed=3,samples=1')
    expect(parseStrategySpec(formatStrategy(spec), noSeed)).toEqual(spec)
  })

  it.each([
    [
      'speculative:lookahead=2',
      'strategy "speculative:lookahead=2": speculative needs a draft model, e.g. speculative:draft=seed-weather,lookahead=4',
    ],
    [
      'speculative:draft=,seed=1',
      'strategy "speculative:draft=,seed=1": speculative needs a draft model, e.g. speculative:draft=seed-weather,lookahead=4',
    ],
    [
      'speculative:draft=d,lookahead=0',
      'strategy "speculative:draft=d,lookahead=0": lookahead must be >= 1, got lookahead = 0',
    ],
    [
      'speculative:draft=d,lookahead=1.5',
      'strategy "speculative:draft=d,lookahead=1.5": lookahead must be a whole number, got lookahead = 1.5',
    ],
    ['nucleus:draft=d', 'strategy "nucleus:draft=d": draft must be a number, got "d"'],
  ])('%s', (text, message) => {
    expect(errorOf(text)).toBe(message)
  })

  it('validateStrategy takes the draft as the one string value (the app path)', () => {
    expect(validateStrategy('speculative', { draft: 'x', lookahead: 2, seed: 4 }, noSeed)).toEqual({
      name: 'speculative',
      draft: 'x',
      params: { lookahead: 2, temperature: 1, seed: 4, samples: 1 },
    })
    expect(() => validateStrategy('speculative', { lookahead: 2 }, noSeed)).toThrow('speculative needs a draft model')
    expect(() => validateStrategy('speculative', { draft: 'x', widht: 2 }, noSeed)).toThrow(
      /unknown parameter "widht"; speculative takes draft, lookahead, temperature/,
    )
  })
})

describe('withSeed', () => {
  it('draws a seed for a seeded strategy left without, in the schema’s place, and leaves the rest alone', () => {
    const nucleus = withSeed(validateStrategy('nucleus', { p: 0.9 }), () => 7)
    expect(formatStrategy(nucleus)).toBe('nucleus:p=0.9,temperature=1,seed=7,samples=1')
    expect(withSeed(validateStrategy('nucleus', { seed: 3 }), () => 7).params.seed).toBe(3)
    expect(withSeed(validateStrategy('greedy', {}), () => 7)).toEqual({ name: 'greedy', params: {} })
  })
})
