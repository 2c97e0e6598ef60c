import { z } from 'zod'
import { InputError } from '../errors'
import { describeIssue } from '../schema-issue'

export const TABLE_FORMAT = 'decoding-lab/table@1'

const probability = z.number().min(0, 'probability must be in [0, 1]').max(1, 'probability must be in [0, 1]')
/**
 * A token → probability object, read into a Map from the parsed JSON's own keys: z.record would
 * copy it into a plain object, where a token named `__proto__` vanishes.
 */
const next = z
  .custom<Record<string, unknown> | ReadonlyMap<string, unknown>>(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
    'must be an object of token: probability',
  )
  .transform((obj, ctx) => {
    const out = new Map<string, number>()
    // A Map: data this schema gave before, validated again.
    for (const [token, value] of obj instanceof Map ? obj : Object.entries(obj)) {
      const p = probability.safeParse(value)
      if (p.success) out.set(token, p.data)
      else
        ctx.addIssue({
          code: 'custom',
          path: [token],
          message: describeIssue({ ...p.error.issues[0], path: [] }, value),
        })
    }
    return out
  })

export const tableSchema = z
  .object({
    format: z.literal(TABLE_FORMAT, { error: `format must be exactly "${TABLE_FORMAT}"` }),
    name: z.string().min(1).optional(),
    bos: z.string().min(1),
    eos: z.string().min(1),
    joiner: z.string().default(''),
    vocab: z.array(z.string().min(1, 'a token must not be empty')).min(2),
    rules: z.array(z.object({ context: z.array(z.string()).min(1, 'a context needs at least one token'), next })),
    default: next.optional(),
  })
  .superRefine((t, ctx) => {
    const vocab = new Set<string>()
    t.vocab.forEach((token, i) => {
      if (vocab.has(token)) ctx.addIssue({ code: 'custom', path: ['vocab', i], message: `duplicate token "${token}"` })
      vocab.add(token)
    })
    if (!vocab.has(t.bos))
      ctx.addIssue({ code: 'custom', path: ['bos'], message: `bos "${t.bos}" is not in the vocabulary` })
    if (!vocab.has(t.eos))
      ctx.addIssue({ code: 'custom', path: ['eos'], message: `eos "${t.eos}" is not in the vocabulary` })
    const checkNext = (dist: ReadonlyMap<string, number>, path: (string | number)[]): void => {
      let sum = 0
      for (const [token, p] of dist) {
        if (!vocab.has(token))
          ctx.addIssue({ code: 'custom', path: [...path, token], message: `token "${token}" is not in the vocabulary` })
        sum += p
      }
      if (Math.abs(sum - 1) > 1e-6)
        ctx.addIssue({ code: 'custom', path, message: `probabilities sum to ${sum}, not 1 (within 1e-6)` })
    }
    const contexts = new Map<string, number>()
    t.rules.forEach((rule, i) => {
      rule.context.forEach((token, j) => {
        if (!vocab.has(token))
          ctx.addIssue({
            code: 'custom',
            path: ['rules', i, 'context', j],
            message: `token "${token}" is not in the vocabulary`,
          })
      })
      const key = JSON.stringify(rule.context)
      const first = contexts.get(key)
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'context'],
          message: `duplicate context, the same as rules[${first}]`,
        })
      } else contexts.set(key, i)
      checkNext(rule.next, ['rules', i, 'next'])
    })
    if (t.default) checkNext(t.default, ['default'])
  })

export type TableModelData = z.output<typeof tableSchema>

/** `$.rules[2].next["好"]` */
export function jsonPath(path: readonly PropertyKey[]): string {
  return (
    '$' +
    path
      .map((p) =>
        typeof p === 'number'
          ? `[${p}]`
          : /^[A-Za-z_][A-Za-z0-9_]*$/.test(String(p))
            ? `.${String(p)}`
            : `[${JSON.stringify(String(p))}]`,
      )
      .join('')
  )
}

/** Validates parsed JSON; throws InputError naming the JSON path of the first fault. */
export function parseTable(json: unknown, source: string): TableModelData {
  const result = tableSchema.safeParse(json)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  return fail(`${source}: ${jsonPath(issue.path)}: ${describeIssue(issue, json)}`)
}

function fail(message: string): never {
  throw new InputError(message)
}
