import { stratify, tree as d3tree } from 'd3-hierarchy'
import { formatProb } from '../format'
import { STATUS_COLOURS } from '../status-colours'
import type { NodeStatus, TreeNode } from '../types'
import { escapeXml } from './escape'
import { tokenMarkup, visibleToken } from './visible-token'

// The app's tree view spacing (src/renderer/src/tree/tree-layout.ts).
const ROW = 26
const COLUMN = 150
const MARGIN = 20
const LEGEND = 28
/** Room right of the deepest column for its labels. */
const LABEL_ROOM = 220

export const SVG_STYLE = `text{font:12px sans-serif;white-space:pre;fill:#111}.esc{fill:#b91c1c;font-family:monospace}`

function nodeLabel(n: TreeNode): string {
  return n.tokenId === null ? '(prompt)' : `${tokenMarkup(n.text, 'tspan')} ${formatProb(n.prob)}`
}

function nodeTitle(n: TreeNode): string {
  const head = `${n.tokenId === null ? '(prompt)' : escapeXml(visibleToken(n.text))}: P = ${formatProb(n.prob)}, cumulative ${formatProb(Math.exp(n.logProb))}, ${n.status}`
  return n.expanded ? `${head}; entropy ${n.entropy?.toFixed(3) ?? '-'} nats, other mass ${formatProb(n.otherMass ?? 0)}${n.partial ? ' (partial distribution)' : ''}` : head
}

/** The status legend as SVG, the same colours and order as the app's. */
function legend(): string {
  return (Object.keys(STATUS_COLOURS) as NodeStatus[])
    .map((s, i) => `<g transform="translate(${MARGIN + i * 90},${MARGIN})"><circle cx="6" cy="0" r="5" fill="${STATUS_COLOURS[s]}"/><text x="15" dy="0.32em">${s}</text></g>`)
    .join('')
}

/**
 * The branch tree as a standalone SVG document fragment: laid out left to right by d3-hierarchy as
 * in the app, edges as thick as their probability, nodes coloured by status, with the legend.
 */
export function treeSvg(nodes: readonly TreeNode[], label = 'probability tree'): string {
  if (nodes.length === 0) return ''
  const root = stratify<TreeNode>()
    .id((n) => String(n.id))
    .parentId((n) => (n.parent === null ? null : String(n.parent)))([...nodes])
  root.sort((a, b) => a.data.rank - b.data.rank)
  const laid = d3tree<TreeNode>().nodeSize([ROW, COLUMN])(root).descendants()
  let minX = Infinity
  let maxX = -Infinity
  let maxY = 0
  for (const n of laid) {
    minX = Math.min(minX, n.x)
    maxX = Math.max(maxX, n.x)
    maxY = Math.max(maxY, n.y)
  }
  const width = Math.ceil(maxY + LABEL_ROOM + 2 * MARGIN)
  const height = Math.ceil(maxX - minX + ROW + LEGEND + 2 * MARGIN)
  // Tree coordinates to picture coordinates: depth runs right, rows run down below the legend.
  const px = (y: number) => (y + MARGIN + 10).toFixed(1)
  const py = (x: number) => (x - minX + MARGIN + LEGEND + ROW / 2).toFixed(1)
  const edges = laid
    .filter((n) => n.parent)
    .map((n) => {
      const p = n.parent!
      const mid = px((p.y + n.y) / 2)
      return `<path d="M${px(p.y)},${py(p.x)}C${mid},${py(p.x)} ${mid},${py(n.x)} ${px(n.y)},${py(n.x)}" fill="none" stroke="${STATUS_COLOURS[n.data.status]}" stroke-opacity="0.6" stroke-width="${(1 + 7 * n.data.prob).toFixed(2)}"/>`
    })
  const points = laid.map(
    (n) =>
      `<g class="tree-node" data-status="${n.data.status}" transform="translate(${px(n.y)},${py(n.x)})"><title>${nodeTitle(n.data)}</title><circle r="5" fill="${STATUS_COLOURS[n.data.status]}"/><text x="9" dy="0.32em">${nodeLabel(n.data)}</text></g>`,
  )
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="tree" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(label)}">`,
    `<style>${SVG_STYLE}</style>`,
    legend(),
    ...edges,
    ...points,
    '</svg>',
  ].join('\n')
}
