/** Where a command writes: its output, its messages, and whether live progress can be drawn. */
export interface Io {
  out: (text: string) => void
  err: (text: string) => void
  /** Set when stderr is a terminal, for live progress. */
  live: boolean
}
