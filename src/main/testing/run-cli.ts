import { expect } from 'vitest'
import { main } from '../cli/main'

/** Runs the CLI in-process and captures its exit code, stdout and stderr. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += t), live: false })
  return { code, out, err }
}

/** Runs a command with --json, expects success and returns the parsed output. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read whatever shape the command prints
export async function json(...argv: string[]): Promise<any> {
  const r = await cli(...argv, '--json')
  expect(r.code, r.err).toBe(0)
  return JSON.parse(r.out)
}
