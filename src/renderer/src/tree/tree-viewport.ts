/** The part of the tree's plane that the SVG shows: top-left corner in layout units, and pixels per unit (d3-zoom's transform is translate(-x·scale, -y·scale) scale(scale)). */
export interface View {
  x: number
  y: number
  scale: number
}

export const MIN_SCALE = 0.05
export const MAX_SCALE = 4
/** Below this zoom, labels would overlap into noise (and cost a text element each): only circles and edges are drawn. */
export const LABEL_MIN_SCALE = 0.5

/** A rectangle of the plane: x, y of the top-left corner (layout units). */
export interface Region {
  x: number
  y: number
  width: number
  height: number
}

/** The view grown by one view's size on every side: shapes are drawn for this region, so panning within it draws nothing new. */
export function regionAround(v: View, width: number, height: number): Region {
  const w = width / v.scale
  const h = height / v.scale
  return { x: v.x - w, y: v.y - h, width: 3 * w, height: 3 * h }
}

/** A new region is needed when the view leaves the current one, or when zooming in made the region far larger than needed. */
export function needsRegion(r: Region, v: View, width: number, height: number): boolean {
  const w = width / v.scale
  const h = height / v.scale
  const outside = v.x < r.x || v.y < r.y || v.x + w > r.x + r.width || v.y + h > r.y + r.height
  return outside || r.width > 6 * w
}

/** Whether the box spanned by two plane points meets the region. */
export function spanMeets(r: Region, x1: number, y1: number, x2: number, y2: number): boolean {
  return (
    Math.max(x1, x2) >= r.x &&
    Math.min(x1, x2) <= r.x + r.width &&
    Math.max(y1, y2) >= r.y &&
    Math.min(y1, y2) <= r.y + r.height
  )
}

/** Plane extent of a layout: x is horizontal (depth), y vertical, as drawn. */
export interface Extent {
  minX: number
  maxX: number
  minY: number
  maxY: number
}

/** Room around a fitted tree: the labels right of the last column, and half a row above and below. */
const FIT_PAD = { left: 40, right: 160, vertical: 30 }

/** The view that shows the whole extent in `width` × `height` pixels, never enlarged past 1:1. */
export function fitView(e: Extent, width: number, height: number): View {
  const w = e.maxX - e.minX + FIT_PAD.left + FIT_PAD.right
  const h = e.maxY - e.minY + 2 * FIT_PAD.vertical
  const scale = Math.max(MIN_SCALE, Math.min(1, width / w, height / h))
  // Centred in whichever direction has room to spare.
  const x = e.minX - FIT_PAD.left - (width / scale - w) / 2
  const y = e.minY - FIT_PAD.vertical - (height / scale - h) / 2
  return { x, y, scale }
}

/** The smallest zoom a tree opens with: 12 px labels at 10 px, still easy to read (CJK included). */
export const OPEN_MIN_SCALE = 0.85

/**
 * The view a tree opens with: fitted when its labels stay easy to read; otherwise at the smallest
 * such zoom, with the root (at plane x rootX) at the left edge and plane height centreY in the
 * middle (see openingCentre).
 */
export function openingView(e: Extent, rootX: number, centreY: number, width: number, height: number): View {
  const fit = fitView(e, width, height)
  if (fit.scale >= OPEN_MIN_SCALE) return fit
  const scale = OPEN_MIN_SCALE
  return { x: rootX - FIT_PAD.left, y: centreY - height / scale / 2, scale }
}

/** The view at the same zoom with plane point (px, py) in the middle. */
export function centreOn(v: View, px: number, py: number, width: number, height: number): View {
  return { ...v, x: px - width / v.scale / 2, y: py - height / v.scale / 2 }
}

/**
 * The plane height to centre a tree on when it opens at OPEN_MIN_SCALE: the middle of the chosen
 * paths (drawn points x across, y down) within the first `viewWidth` plane units, so the best
 * sequence is in sight rather than running off the top; clamped so that the root (at 0) stays
 * at least `margin` inside a view `viewHeight` tall.
 */
export function openingCentre(
  chosen: readonly { x: number; y: number }[],
  viewWidth: number,
  viewHeight: number,
  margin = 40,
): number {
  let low = 0
  let high = 0
  for (const p of chosen) {
    if (p.x > viewWidth) continue
    if (p.y < low) low = p.y
    if (p.y > high) high = p.y
  }
  const limit = Math.max(0, viewHeight / 2 - margin)
  return Math.max(-limit, Math.min(limit, (low + high) / 2))
}
