import { InputError } from '../errors'

/** One point of a family's curve: a parameter value, its diversity x and its quality y, each with an interval. */
export interface CurvePoint {
  param: number
  x: number
  y: number
  yLow?: number
  yHigh?: number
}

export interface MatchedValue {
  /** The parameter at the matched level, interpolated as y is. */
  param: number
  y: number
  yLow: number | null
  yHigh: number | null
  /** The curve crosses the level more than once: the first crossing in parameter order was taken. */
  ambiguous: boolean
}

export const INTERPOLATION_METHOD =
  'linear between the two neighbouring points, in parameter order, whose diversity brackets the level; the interval bounds are interpolated the same way; no extrapolation beyond the measured range'

/**
 * A family's quality at diversity `level`, read along its own curve: the points are put in parameter
 * order, the first segment whose x values bracket the level (ends included) is taken, and y, its
 * interval bounds and the parameter are interpolated linearly in x on it (INTERPOLATION_METHOD).
 * A level outside every segment gives null: the family was not measured there.
 */
export function matchAtLevel(points: readonly CurvePoint[], level: number): MatchedValue | null {
  if (!Number.isFinite(level)) throw new InputError(`the matched level must be a finite number, got ${level}`)
  const curve = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y)).sort((a, b) => a.param - b.param)
  const hits: MatchedValue[] = []
  for (let i = 0; i < curve.length; i++) {
    const a = curve[i]
    if (a.x === level) {
      hits.push({ param: a.param, y: a.y, yLow: a.yLow ?? null, yHigh: a.yHigh ?? null, ambiguous: false })
      continue
    }
    const b = curve[i + 1]
    if (!b || b.x === level || !((a.x < level && level < b.x) || (b.x < level && level < a.x))) continue
    const t = (level - a.x) / (b.x - a.x)
    const lerp = (u: number, v: number): number => u + t * (v - u)
    const bound = (u: number | undefined, v: number | undefined): number | null =>
      u === undefined || v === undefined ? null : lerp(u, v)
    hits.push({
      param: lerp(a.param, b.param),
      y: lerp(a.y, b.y),
      yLow: bound(a.yLow, b.yLow),
      yHigh: bound(a.yHigh, b.yHigh),
      ambiguous: false,
    })
  }
  if (hits.length === 0) return null
  return { ...hits[0], ambiguous: hits.length > 1 }
}
