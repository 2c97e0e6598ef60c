/**
 * The least and greatest of a list of numbers, by a loop: `Math.min(...values)` passes every value
 * as an argument and overflows the stack past about 100,000 of them. Empty: Infinity and -Infinity.
 */
export function extent(values: Iterable<number>): { min: number; max: number } {
  let min = Infinity
  let max = -Infinity
  for (const v of values) {
    if (v < min) min = v
    if (v > max) max = v
  }
  return { min, max }
}
