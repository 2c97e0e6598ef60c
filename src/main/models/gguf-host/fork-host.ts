import { fork } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import type { HostChannel, HostExit } from './host-channel'
import { LineTail } from './host-channel'
import type { FromHost, ToHost } from './host-protocol'

/** The host entry: the TypeScript source (tests, CLI, browser mode from source) or the build's bundle beside it. */
export function hostEntry(): { file: string; execArgv: string[] } {
  const ts = path.join(__dirname, 'host-entry.ts')
  if (fs.existsSync(ts)) return { file: ts, execArgv: ['--require', require.resolve('tsx/cjs')] }
  return { file: path.join(__dirname, 'gguf-host.js'), execArgv: [] }
}

/** ggml's abort would first attach gdb for a backtrace (seconds, and lines that hide its message). */
const hostEnv = (): NodeJS.ProcessEnv => ({ ...process.env, GGML_NO_BACKTRACE: '1' })

/** Starts a model host as a Node child process (browser mode, the CLI, tests). */
export function forkHost(): HostChannel {
  const { file, execArgv } = hostEntry()
  const child = fork(file, [], {
    execArgv,
    env: hostEnv(),
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
  const stderr = new LineTail()
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => stderr.push(chunk))
  // The host must not keep its parent alive: a CLI run ends when its work does.
  // While a call is pending, the child, its IPC channel and its stderr keep this process alive (its death must
  // still be heard); idle, none does, so that a CLI run ends when its work does.
  type Refable = { ref(): void; unref(): void }
  const handles = [
    child,
    (child as unknown as { channel?: Refable }).channel,
    child.stderr as unknown as Refable | null,
  ]
  const hold = (busy: boolean): void => {
    for (const h of handles) {
      if (h && busy) h.ref()
      else if (h) h.unref()
    }
  }
  hold(false)
  const exited = new Promise<HostExit>((resolve) => {
    child.once('error', () => undefined)
    // 'close' comes after stderr has been read to its end, so the last lines are all there.
    child.once('close', (code, signal) => resolve({ code, signal, stderr: stderr.all }))
  })
  return {
    send: (message: ToHost) => {
      if (child.connected) child.send(message)
    },
    onMessage: (listener) => child.on('message', (m) => listener(m as FromHost)),
    onExit: (listener) => void exited.then(listener),
    kill: () => void child.kill('SIGKILL'),
    hold,
  }
}
