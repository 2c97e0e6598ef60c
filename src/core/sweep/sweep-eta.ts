/**
 * Time left of a sweep: the wall time per cell finished so far in this session (cells in flight
 * together share it), times the cells left; null before the first cell finishes.
 */
export function timeLeftMs(elapsedMs: number, finished: number, left: number): number | null {
  if (left <= 0) return 0
  if (finished <= 0) return null
  return (elapsedMs / finished) * left
}

/** A duration as people read it: hundredths of a second under one, tenths under two minutes, then whole minutes. */
export function durationParts(ms: number): { value: string; unit: 's' | 'min' } {
  if (ms < 1000) return { value: (ms / 1000).toFixed(2), unit: 's' }
  if (ms < 120_000) return { value: (ms / 1000).toFixed(1), unit: 's' }
  return { value: String(Math.round(ms / 60_000)), unit: 'min' }
}

/** "0.25 s", "12.5 s", "3 min". */
export function formatDuration(ms: number): string {
  const { value, unit } = durationParts(ms)
  return `${value} ${unit}`
}
