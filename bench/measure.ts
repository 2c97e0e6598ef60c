/** Median wall time in ms of `rounds` rounds of `fn`, after a warm-up round. */
export function medianMs(fn: () => void, rounds = 15): number {
  fn()
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const start = performance.now()
    fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

/** The same for async work; `warmups` rounds first, so that the JIT has compiled the hot paths. */
export async function medianMsAsync(fn: () => Promise<unknown>, rounds = 7, warmups = 1): Promise<number> {
  for (let i = 0; i < warmups; i++) await fn()
  const times: number[] = []
  for (let i = 0; i < rounds; i++) {
    const start = performance.now()
    await fn()
    times.push(performance.now() - start)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

/**
 * Median ms of each of several timed rounds, run in turn (a, b, a, b …) so that every one meets the same
 * load on a shared machine: a ratio of two of them holds up where separate medians drift. Each round
 * returns its own time.
 */
export async function interleavedMediansAsync(
  rounds: (() => Promise<number>)[],
  count = 7,
  warmups = 1,
): Promise<number[]> {
  for (let i = 0; i < warmups; i++) for (const r of rounds) await r()
  const times = rounds.map(() => [] as number[])
  for (let i = 0; i < count; i++) for (const [k, r] of rounds.entries()) times[k].push(await r())
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)])
}

/** Wall time in ms of one run of `fn`. */
export async function timedAsync(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now()
  await fn()
  return performance.now() - start
}
