import path from 'node:path'
import type { HostExit } from './host-channel'

/**
 * llama.cpp's last meaningful line in a dead host's stderr: an assertion (`…/ggml.c:1234: GGML_ASSERT(x) failed`,
 * its directories dropped) before any error line, before the last line at all. Backtrace lines are skipped.
 */
export function lastLlamaMessage(lines: readonly string[]): string | null {
  const meaningful = lines
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^(#\d+|\[|\(gdb\)|0x[0-9a-f]+)/i.test(l) && !/^ptrace|^No stack|^warning: /i.test(l))
  const pick =
    meaningful.findLast((l) => /GGML_ASSERT|GGML_ABORT|ggml_abort/.test(l)) ??
    meaningful.findLast((l) => /error|fatal|failed|abort/i.test(l)) ??
    meaningful.at(-1)
  if (pick === undefined) return null
  // "/home/…/llama.cpp/src/llama-model.cpp:1260: GGML_ASSERT(…) failed" → "llama-model.cpp:1260: GGML_ASSERT(…) failed"
  const located = /^(\S+?\.(?:c|cc|cpp|h|hpp|m)):(\d+): (.*)$/.exec(pick)
  const line = located ? `${path.basename(located[1])}:${located[2]}: ${located[3]}` : pick
  return line.length > 300 ? `${line.slice(0, 300)}…` : line
}

/** One line for a host that died: the model file, llama.cpp's last message and how the process ended. */
export function describeHostDeath(file: string, exit: HostExit): string {
  const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`
  const last = lastLlamaMessage(exit.stderr)
  return last
    ? `llama.cpp crashed on ${file}: ${last} (its model host ended, ${how})`
    : `llama.cpp crashed on ${file} without a message (its model host ended, ${how})`
}
