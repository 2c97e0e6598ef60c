/**
 * Time left of a sweep: the wall time per cell finished so far in this session (cells in flight
 * together share it), times the cells left; null before the first cell finishes.
 */
export function timeLeftMs(elapsedMs: number, finished: number, left: number): number | null {
  if (left <= 0) return 0
  if (finished <= 0) return null
  return (elapsedMs / finished) * left
}

/** A duration as people read it: "0.25 s", "12.5 s", "3 min". */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${(ms / 1000).toFixed(2)} s` : ms < 120_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 60_000)} min`
}
