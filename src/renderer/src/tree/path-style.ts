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

/**
 * Vertical offsets of the lanes of `count` paths on one edge, centred, `lane` apart unless they
 * would spread wider than `spread`: many paths on one edge squeeze together instead of overlapping the next row.
 */
export function laneOffsets(count: number, lane: number, spread: number): number[] {
  const gap = count > 1 ? Math.min(lane, spread / (count - 1)) : 0
  return Array.from({ length: count }, (_, i) => (i - (count - 1) / 2) * gap)
}
