import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '../../../../..')

/**
 * llama-server's path: $DECODING_LAB_LLAMA_SERVER when set (.ci/run builds it first), else built and
 * cached by scripts/build-llama-server.sh (minutes, once per machine).
 */
export function llamaServerBinary(): string {
  const given = process.env.DECODING_LAB_LLAMA_SERVER
  if (given) {
    if (!fs.existsSync(given))
      throw new Error(
        `DECODING_LAB_LLAMA_SERVER is ${given}, which does not exist: building llama-server failed (see .ci-results/llama-server.log)`,
      )
    return given
  }
  return execFileSync(path.join(ROOT, 'scripts/build-llama-server.sh'), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim()
}

export interface RunningServer {
  url: string
  port: number
  process: ChildProcess
  stop(): Promise<void>
}

export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as net.AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

/** Serves a GGUF file on a free loopback port with `parallel` slots; resolves once /health answers. */
export async function startLlamaServer(
  model: string,
  opts: { parallel?: number; apiKey?: string; alias?: string; extraArgs?: string[] } = {},
): Promise<RunningServer> {
  const port = await freePort()
  const args = [
    '-m',
    model,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '-np',
    String(opts.parallel ?? 4),
    '-c',
    String(512 * (opts.parallel ?? 4)),
    '-t',
    '1',
    '--no-webui',
  ]
  if (opts.apiKey) args.push('--api-key', opts.apiKey)
  if (opts.alias) args.push('--alias', opts.alias)
  if (opts.extraArgs) args.push(...opts.extraArgs)
  const child = spawn(llamaServerBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  child.stderr?.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)))
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`llama-server exited with ${child.exitCode}: ${log}`)
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`llama-server did not become healthy: ${log}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    port,
    process: child,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      await exited
    },
  }
}
