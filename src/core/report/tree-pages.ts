import { COLUMN, edgeSvg, nodeSvg, ROW, svgFrame, treeLegend, type PlacedNode, type TreeLayout } from './svg-tree'
import { reportText, type ReportT } from './report-messages'

/** The drawing area of one printed page, in CSS pixels at 1:1 (nothing is shrunk). */
export interface PageBox {
  width: number
  height: number
}

/** A4 landscape at 12 mm margins is about 1031 × 703 CSS px; the rest is for the heading, note and caption. */
export const TREE_PAGE: PageBox = { width: 1000, height: 560 }

export interface TreePage {
  svg: string
  /** The depths drawn, first and last (0 is the prompt). */
  depths: [number, number]
  /** How many nodes this page draws. */
  nodes: number
  /** The drawing's scale on this page: 1, or down to MIN_SCALE for a band a little taller than a page. */
  scale: number
}

const TOP = 48 // legend band at the top of every page
const PAD = 20
/** The smallest scale a page is drawn at: 12 px labels stay at least 9.6 px (7.2 pt). */
const MIN_SCALE = 0.8
/** Room right of a page's last column for its labels (the longest, a fold's, is about 130 px). */
const LABEL_ROOM = 140

/**
 * Cuts a laid-out tree into page-sized pieces at its own scale. Across, each piece holds as many
 * depth columns as fit with their labels, and repeats the last column of the piece before it, so a
 * reader can follow a path from page to page. Down, a band of columns is cut between rows; rows with
 * no node in the band make no page.
 */
export function treePages(
  layout: TreeLayout,
  label: string,
  box: PageBox = TREE_PAGE,
  t: ReportT = reportText(),
): TreePage[] {
  const depthOf = (n: PlacedNode): number => n.node.depth
  const maxDepth = Math.max(...layout.placed.map(depthOf))
  const perPage = Math.max(2, Math.floor((box.width - LABEL_ROOM - 2 * PAD) / COLUMN) + 1)
  const rowsHeight = box.height - TOP - PAD
  const pages: TreePage[] = []
  for (let first = 0; first === 0 || first < maxDepth; first += perPage - 1) {
    const last = Math.min(maxDepth, first + perPage - 1)
    const band = layout.placed.filter((n) => depthOf(n) >= first && depthOf(n) <= last).sort((a, b) => a.y - b.y)
    // A band a little too tall for one page is drawn a little smaller (never below MIN_SCALE); a taller
    // one takes as many windows as it needs, filled evenly rather than leaving a last page of a few rows.
    const span = band.length ? band[band.length - 1].y - band[0].y + ROW + 6 : 0
    const scale = span <= rowsHeight ? 1 : Math.max(MIN_SCALE, rowsHeight / span)
    const room = rowsHeight / scale
    const windowHeight = Math.min(room, Math.ceil(span / Math.ceil(span / room)) + ROW)
    let i = 0
    while (i < band.length) {
      // A label sits above its node: a row needs ROW above its node and the circle's radius below.
      const top = band[i].y - ROW
      const rows: PlacedNode[] = []
      while (i < band.length && band[i].y + 6 <= top + windowHeight) rows.push(band[i++])
      // Every edge with an end in this window, so a path leaving it is seen to go on (clipped at the edge).
      const inWindow = new Set(rows)
      const edges = band.filter((n) => n.parent && depthOf(n) > first && (inWindow.has(n) || inWindow.has(n.parent)))
      // Column `first` goes where the root's column is on the whole picture.
      const dx = -first * COLUMN
      const dy = -top
      // The rows sit in a window of their own below the legend: edges leaving it are clipped at its edge.
      const content = [
        treeLegend(t),
        `<svg x="0" y="${TOP}" width="${box.width}" height="${rowsHeight}" overflow="hidden"><g transform="scale(${scale.toFixed(3)}) translate(${dx.toFixed(1)},${dy.toFixed(1)})">`,
        ...edges.map(edgeSvg),
        ...rows.map((n) => nodeSvg(n, t)),
        '</g></svg>',
      ]
      pages.push({
        svg: svgFrame(box.width, box.height, `0 0 ${box.width} ${box.height}`, label, content),
        depths: [first, last],
        nodes: rows.length,
        scale,
      })
    }
    if (last === maxDepth) break
  }
  return pages
}
