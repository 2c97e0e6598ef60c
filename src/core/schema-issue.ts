import type { z } from 'zod'

/** What a JSON value is, for a message: `a string ("abc")`, `the number 1e+400 (too large)`, `null`. */
export function describeFound(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`
  switch (typeof value) {
    case 'string':
      return `a string (${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)})`
    case 'number':
      // JSON.parse turns a number past the double range (1e400) into Infinity.
      return Number.isFinite(value) ? `the number ${value}` : `a number out of range (${value})`
    case 'boolean':
      return `${value}`
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  record: 'an object',
}

/**
 * A schema fault in words: "missing field" only when the field is absent; a present value of the
 * wrong type names the type expected and what was found.
 */
export function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  if (issue.code !== 'invalid_type') return issue.message
  const found = valueAt(root, issue.path)
  if (!found.present) return 'missing field'
  const expected = EXPECTED[issue.expected] ?? issue.expected
  return `must be ${expected}, got ${describeFound(found.value)}`
}

/** The value at a path of parsed JSON, read as own properties only (zod does not report it). */
function valueAt(root: unknown, path: readonly PropertyKey[]): { present: boolean; value?: unknown } {
  let value = root
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return { present: false }
    value = (value as Record<PropertyKey, unknown>)[key]
  }
  return { present: value !== undefined, value }
}
