/** The part of the tree's plane that the SVG shows: top-left corner in layout units, and pixels per unit. */
export interface View {
  x: number
  y: number
  scale: number
}

export const MIN_SCALE = 0.05
export const MAX_SCALE = 4
/** Below this zoom, labels would overlap into noise (and cost a text element each): only circles and edges are drawn. */
export const LABEL_MIN_SCALE = 0.5

/** Zooms by `factor` keeping the plane point under the pixel (px, py) of the SVG where it is. */
export function zoomAt(v: View, factor: number, px: number, py: number): View {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, v.scale * factor))
  const wx = v.x + px / v.scale
  const wy = v.y + py / v.scale
  return { x: wx - px / scale, y: wy - py / scale, scale }
}

export function panBy(v: View, dxPixels: number, dyPixels: number): View {
  return { ...v, x: v.x - dxPixels / v.scale, y: v.y - dyPixels / v.scale }
}

export function viewBox(v: View, width: number, height: number): string {
  return `${v.x} ${v.y} ${width / v.scale} ${height / v.scale}`
}

/**
 * Whether a label anchored at plane point (px, py) can show in the view of `width` × `height`
 * pixels; `margin` (plane units) lets a label that starts just left of the view still show.
 */
export function labelInView(v: View, width: number, height: number, px: number, py: number, margin: number): boolean {
  return px >= v.x - margin && px <= v.x + width / v.scale && py >= v.y - margin && py <= v.y + height / v.scale + margin
}

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
  return Math.max(x1, x2) >= r.x && Math.min(x1, x2) <= r.x + r.width && Math.max(y1, y2) >= r.y && Math.min(y1, y2) <= r.y + r.height
}
