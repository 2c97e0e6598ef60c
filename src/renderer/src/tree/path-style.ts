/** Colours of the overlay's paths; red and green stay free for the pruned and chosen statuses. */
export const PATH_COLOURS = ['#2563eb', '#ea580c', '#9333ea', '#0891b2', '#ca8a04', '#db2777', '#4d7c0f', '#64748b']
/** Dash patterns that tell apart paths sharing a colour once the colours run out: solid first. */
export const PATH_DASHES = [undefined, '8 4', '2 3', '10 3 2 3'] as const

export interface PathStyle {
  colour: string
  /** An SVG stroke-dasharray; undefined is a solid line. */
  dash?: string
}

/** The style of the overlay's i-th path: every colour solid, then every colour with the next dash pattern, and so on. */
export function pathStyle(i: number): PathStyle {
  const colour = PATH_COLOURS[i % PATH_COLOURS.length]
  const dash = PATH_DASHES[Math.floor(i / PATH_COLOURS.length) % PATH_DASHES.length]
  return dash === undefined ? { colour } : { colour, dash }
}

/** Runs start this many styles apart: room for a few sequences each before two runs share a style. */
const RUN_STRIDE = 5
const STYLES = PATH_COLOURS.length * PATH_DASHES.length

/**
 * A returned sequence's style, from its run and its index in the run alone: it stays the same when
 * other runs are added or deleted. The 32 styles (8 colours, then each with the next dash pattern)
 * are taken from the run's starting point on.
 */
export function stablePathStyle(runId: number, sequence: number): PathStyle {
  const i = ((((runId - 1) * RUN_STRIDE + sequence) % STYLES) + STYLES) % STYLES
  return pathStyle(i)
}

/** Every pruned hypothesis, of every run: one thin grey line, one legend entry. */
export const PRUNED_STYLE: PathStyle = { colour: '#94a3b8' }

/**
 * Vertical offsets of the lanes of `count` paths on one edge, centred, `lane` apart unless they
 * would spread wider than `spread`: many paths on one edge squeeze together instead of overlapping the next row.
 */
export function laneOffsets(count: number, lane: number, spread: number): number[] {
  const gap = count > 1 ? Math.min(lane, spread / (count - 1)) : 0
  return Array.from({ length: count }, (_, i) => (i - (count - 1) / 2) * gap)
}
