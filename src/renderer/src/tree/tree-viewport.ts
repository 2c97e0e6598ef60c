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
