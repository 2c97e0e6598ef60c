import type { Overlay, OverlayNode } from './merge-runs'
import { laneOffsets } from './path-style'

/** One line drawn along an edge of the overlay: a returned sequence's, or the one for every pruned hypothesis there. */
export interface EdgeLine {
  /** Index in Overlay.paths: the sequence's, or the first pruned hypothesis's. */
  path: number
  /** Every path the line stands for (one, except for the pruned line). */
  paths: number[]
  pruned: boolean
  /** Vertical offset from the edge's centre line. */
  offset: number
}

/**
 * The lines of one edge, into `node`: each returned sequence in its own lane, `lane` apart and
 * squeezed within `spread`; every pruned hypothesis through the edge as one line on the centre,
 * so that hundreds of them never widen into a band.
 */
export function edgeLines(overlay: Overlay, node: OverlayNode, lane: number, spread: number): EdgeLine[] {
  const sequences = node.paths.filter((i) => overlay.paths[i].kind === 'sequence')
  const pruned = node.paths.filter((i) => overlay.paths[i].kind === 'pruned')
  const offsets = laneOffsets(sequences.length, lane, spread)
  const lines: EdgeLine[] = pruned.length > 0 ? [{ path: pruned[0], paths: pruned, pruned: true, offset: 0 }] : []
  sequences.forEach((i, k) => lines.push({ path: i, paths: [i], pruned: false, offset: offsets[k] }))
  return lines
}
