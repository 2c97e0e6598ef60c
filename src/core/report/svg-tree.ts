import { stratify, tree as d3tree } from 'd3-hierarchy'
import { formatProb } from '../format'
import { STATUS_COLOURS } from '../status-colours'
import type { NodeStatus, TreeNode } from '../types'
import { escapeXml } from './escape'
import type { ShownNode } from './fold-tree'
import { tokenMarkup, visibleToken } from './visible-token'
import { reportText, type ReportT } from './report-messages'

// The app's tree view spacing (src/renderer/src/tree/tree-layout.ts).
export const ROW = 26
export const COLUMN = 150
const MARGIN = 20
const LEGEND = 28
/** Room right of the deepest column for its labels. */
export const LABEL_ROOM = 220

// Labels sit above their node, as in the app, on a halo of the background colour: edges never strike them through.
export const SVG_STYLE = `text{font:12px sans-serif;white-space:pre;fill:#111}.tree-node text{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}.esc{fill:#b91c1c;font-family:monospace}.fold text{fill:#4b5563;font-style:italic}`

/** A node placed in the picture: `x` across (depth), `y` down (rows), in CSS pixels. */
export interface PlacedNode {
  node: ShownNode
  x: number
  y: number
  parent: PlacedNode | null
}

export interface TreeLayout {
  placed: PlacedNode[]
  width: number
  height: number
}

/** The label of a fold, as the app writes it (tree.more). */
export const foldText = (n: ShownNode): string =>
  n.fold ? `+${n.fold.count} more (p = ${formatProb(n.fold.mass)})` : ''

function nodeLabel(n: ShownNode, t: ReportT): string {
  if (n.fold) return escapeXml(t('report.more', { count: n.fold.count, p: formatProb(n.fold.mass) }))
  return n.tokenId === null
    ? escapeXml(t('report.prompt.node'))
    : `${tokenMarkup(n.text, 'tspan')} ${formatProb(n.prob)}`
}

function nodeTitle(n: ShownNode, t: ReportT): string {
  if (n.fold) return escapeXml(t('report.foldTitle', { count: n.fold.count, p: formatProb(n.fold.mass) }))
  const head = t('report.nodeTitle', {
    token: n.tokenId === null ? t('report.prompt.node') : visibleToken(n.text),
    p: formatProb(n.prob),
    cumulative: formatProb(Math.exp(n.logProb)),
    status: t(`report.status.${n.status}`),
  })
  if (!n.expanded) return escapeXml(head)
  return escapeXml(
    t('report.nodeExpanded', {
      head,
      entropy: n.entropy?.toFixed(3) ?? '-',
      other: formatProb(n.otherMass ?? 0),
      partial: n.partial ? t('report.partial') : '',
    }),
  )
}

/** The status legend as SVG, the same colours and order as the app's. */
function legend(t: ReportT = reportText()): string {
  return (Object.keys(STATUS_COLOURS) as NodeStatus[])
    .map(
      (s, i) =>
        `<g transform="translate(${MARGIN + i * 90},${MARGIN})"><circle cx="6" cy="0" r="5" fill="${STATUS_COLOURS[s]}"/><text x="15" dy="0.32em">${escapeXml(t(`report.status.${s}`))}</text></g>`,
    )
    .join('')
}

/** Lays the tree out left to right with d3-hierarchy as the app does: depth runs right, rows run down below the legend. */
export function layoutTree(nodes: readonly (TreeNode | ShownNode)[]): TreeLayout {
  const root = stratify<ShownNode>()
    .id((n) => String(n.id))
    .parentId((n) => (n.parent === null ? null : String(n.parent)))([...nodes])
  root.sort((a, b) => a.data.rank - b.data.rank)
  const laid = d3tree<ShownNode>().nodeSize([ROW, COLUMN])(root).descendants()
  let minX = Infinity
  let maxX = -Infinity
  let maxY = 0
  for (const n of laid) {
    minX = Math.min(minX, n.x)
    maxX = Math.max(maxX, n.x)
    maxY = Math.max(maxY, n.y)
  }
  const byNode = new Map<unknown, PlacedNode>()
  const placed = laid.map((n) => {
    const p: PlacedNode = {
      node: n.data,
      x: n.y + MARGIN + 10,
      y: n.x - minX + MARGIN + LEGEND + ROW / 2,
      parent: n.parent ? byNode.get(n.parent)! : null,
    }
    byNode.set(n, p)
    return p
  })
  return {
    placed,
    width: Math.ceil(maxY + LABEL_ROOM + 2 * MARGIN),
    height: Math.ceil(maxX - minX + ROW + LEGEND + 2 * MARGIN),
  }
}

export function edgeSvg(n: PlacedNode): string {
  const p = n.parent!
  const mid = ((p.x + n.x) / 2).toFixed(1)
  const [px, py, cx, cy] = [p.x, p.y, n.x, n.y].map((v) => v.toFixed(1))
  const dash = n.node.fold ? ' stroke-dasharray="4 3"' : ''
  return `<path d="M${px},${py}C${mid},${py} ${mid},${cy} ${cx},${cy}" fill="none" stroke="${STATUS_COLOURS[n.node.status]}" stroke-opacity="0.6" stroke-width="${(1 + 7 * n.node.prob).toFixed(2)}"${dash}/>`
}

export function nodeSvg(n: PlacedNode, t: ReportT = reportText()): string {
  const d = n.node
  const cls = d.fold ? 'tree-node fold' : 'tree-node'
  return `<g class="${cls}" data-status="${d.status}" transform="translate(${n.x.toFixed(1)},${n.y.toFixed(1)})"><title>${nodeTitle(d, t)}</title><circle r="5" fill="${STATUS_COLOURS[d.status]}"/><text x="7" y="-8">${nodeLabel(d, t)}</text></g>`
}

/** An SVG element of the given size showing `content` (already in picture coordinates) through a window. */
export function svgFrame(
  width: number,
  height: number,
  viewBox: string,
  label: string,
  content: readonly string[],
): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="tree" width="${width}" height="${height}" viewBox="${viewBox}" role="img" aria-label="${escapeXml(label)}">`,
    `<style>${SVG_STYLE}</style>`,
    ...content,
    '</svg>',
  ].join('\n')
}

/** Edges and nodes of some placed nodes: edges first, so that no edge is drawn over a label. */
export function treeContent(placed: readonly PlacedNode[], t: ReportT = reportText()): string[] {
  return [...placed.filter((n) => n.parent).map(edgeSvg), ...placed.map((n) => nodeSvg(n, t))]
}

export { legend as treeLegend }

/**
 * The branch tree as a standalone SVG document fragment: laid out left to right by d3-hierarchy as
 * in the app, edges as thick as their probability, nodes coloured by status, with the legend.
 */
export function treeSvg(nodes: readonly (TreeNode | ShownNode)[], label = 'probability tree'): string {
  if (nodes.length === 0) return ''
  const { placed, width, height } = layoutTree(nodes)
  return svgFrame(width, height, `0 0 ${width} ${height}`, label, [legend(), ...treeContent(placed)])
}
