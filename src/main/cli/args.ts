import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './cli-error'

type Options = NonNullable<ParseArgsConfig['options']>
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: boolean }>
>

/** node:util parseArgs with its errors turned into one-line usage errors. */
export function parse<O extends Options>(command: string, args: string[], options: O, positionals = 0): Parsed<O> {
  try {
    const parsed = parseArgs({
      args: joinNegativeNumbers(args, options),
      options,
      strict: true,
      allowPositionals: positionals > 0,
    })
    if (parsed.positionals.length > positionals)
      throw new UsageError(`${command}: unexpected argument "${parsed.positionals[positionals]}"`)
    return parsed
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw new UsageError(`${command}: ${(err as Error).message.split('\n')[0]}`)
  }
}

/** `--max-tokens -1` reaches the validator as a value, not as an unknown flag. */
function joinNegativeNumbers(args: string[], options: Options): string[] {
  const out: string[] = []
  for (let i = 0; i < args.length; i++) {
    const name = args[i].startsWith('--') ? args[i].slice(2) : ''
    if (options[name]?.type === 'string' && /^-\d/.test(args[i + 1] ?? '')) out.push(`${args[i]}=${args[++i]}`)
    else out.push(args[i])
  }
  return out
}

/** A whole number in [min, max], from a flag. */
export function wholeNumber(
  flag: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max = Infinity,
): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (value.trim() === '' || !Number.isInteger(n) || n < min)
    throw new UsageError(`${flag} must be a whole number >= ${min}, got "${value}"`)
  if (n > max) throw new UsageError(`${flag} must be <= ${max}, got ${value}`)
  return n
}

export function required(command: string, flag: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`${command}: ${flag} is required`)
  return value
}
