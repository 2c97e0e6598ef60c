import type { FromHost, ToHost } from './host-protocol'

/** How a model host ended: its exit code or the signal that killed it, and the last lines it wrote to stderr. */
export interface HostExit {
  code: number | null
  signal: string | null
  stderr: readonly string[]
}

/** The parent's side of a running model host, whatever started it (child_process.fork, Electron's utilityProcess). */
export interface HostChannel {
  send(message: ToHost): void
  onMessage(listener: (message: FromHost) => void): void
  /** Called once, when the process has ended for any reason. */
  onExit(listener: (exit: HostExit) => void): void
  kill(): void
  /** Whether the host keeps the parent's event loop alive: while a call is pending, yes; idle, no. */
  hold(busy: boolean): void
}

export type HostSpawner = () => HostChannel

/** Keeps the last lines of a stream of text chunks (a host's stderr). */
export class LineTail {
  private readonly lines: string[] = []
  private partial = ''

  constructor(private readonly keep = 40) {}

  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n')
    this.partial = parts.pop() ?? ''
    for (const line of parts) this.add(line)
  }

  private add(line: string): void {
    if (line.trim() === '') return
    this.lines.push(line.length > 2000 ? line.slice(0, 2000) : line)
    if (this.lines.length > this.keep) this.lines.shift()
  }

  get all(): string[] {
    return this.partial.trim() === '' ? [...this.lines] : [...this.lines, this.partial]
  }
}
