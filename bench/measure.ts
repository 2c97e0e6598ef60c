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
