import { describe, expect, it } from 'vitest'
import type { TreeNode } from '../types'
import { cutTree } from './cut-tree'
import { escapeXml, textMarkup, visible } from './escape'
import { cumulativeChartSvg, finalChartSvg } from './svg-charts'
import { treeSvg } from './svg-tree'

function node(id: number, parent: number | null, prob: number, text = `t${id}`): TreeNode {
  return {
    id,
    parent,
    tokenId: parent === null ? null : id,
    text,
    prob,
    logProb: 0,
    depth: 0,
    rank: 0,
    status: 'candidate',
    expanded: false,
    otherMass: null,
    entropy: null,
    partial: false,
  }
}

/** Fills in depth and cumulative log-probability from the parents. */
function tree(...nodes: TreeNode[]): TreeNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]))
  for (const n of nodes) {
    const p = n.parent === null ? undefined : byId.get(n.parent)
    n.depth = p ? p.depth + 1 : 0
    n.logProb = p ? p.logProb + Math.log(n.prob) : 0
  }
  return nodes
}

describe('escape', () => {
  it('shows control characters, bidi marks, U+FFFD and lone surrogates as escapes, and leaves other text alone', () => {
    expect(visible('a\u0000b\u202ec\ufffd\ud800d\u200b')).toBe('a\\u{0}b\\u{202e}c\\u{fffd}\\u{d800}d\\u{200b}')
    expect(visible('天气 😀 <end>')).toBe('天气 😀 <end>')
  })

  it('entity-encodes markup and wraps escapes so they look unlike literal text', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;')
    expect(textMarkup('</svg>\u202e', 'tspan')).toBe('&lt;/svg&gt;<tspan class="esc">\\u{202e}</tspan>')
    expect(textMarkup('', 'span')).toBe('')
  })
})

describe('cutTree', () => {
  // 0 → 1 (0.5), 2 (0.3), 3 (0.2); 1 → 4 (0.9), 5 (0.1); 3 → 6 (1.0) then 6 → 7 (1.0)
  const nodes = tree(
    node(0, null, 1),
    node(1, 0, 0.5),
    node(2, 0, 0.3),
    node(3, 0, 0.2),
    node(4, 1, 0.9),
    node(5, 1, 0.1),
    node(6, 3, 1),
    node(7, 6, 1),
  )

  it('keeps the most probable prefixes, whole from the root, and counts the rest', () => {
    const cut = cutTree(nodes, 4)
    expect(cut.nodes.map((n) => n.id)).toEqual([0, 1, 2, 4])
    expect(cut.left).toBe(4)
  })

  it('keeps the paths to the returned sequences first', () => {
    const cut = cutTree(nodes, 5, [7])
    expect(cut.nodes.map((n) => n.id)).toEqual([0, 1, 3, 6, 7])
    expect(cut.left).toBe(3)
  })

  it('leaves a small tree whole', () => {
    expect(cutTree(nodes, 8)).toEqual({ nodes, left: 0 })
  })
})

describe('SVG', () => {
  it('draws one node group per tree node with the status colour, the legend, and escaped labels', () => {
    const nodes = tree(node(0, null, 1), node(1, 0, 0.6, '</svg><script>'), node(2, 0, 0.4, '"q"'))
    nodes[1].status = 'chosen'
    const svg = treeSvg(nodes)
    expect(svg.match(/<g class="tree-node"/g)).toHaveLength(3)
    expect(svg).toContain('data-status="chosen" transform')
    expect(svg).toContain('<text x="7" y="-8">&lt;/svg&gt;&lt;script&gt; 0.6</text>')
    expect(svg).toContain('&quot;q&quot; 0.4')
    for (const s of ['chosen', 'kept', 'pruned', 'filtered', 'candidate'])
      expect(svg).toContain(`dy="0.32em">${s}</text>`)
    expect(svg).not.toContain('<script')
    expect(svg.match(/<\/svg>/g)).toHaveLength(1)
  })

  it('charts log-likelihoods with round ticks, a zero tick, and -inf for an impossible sequence', () => {
    const series = [
      { label: 'greedy', stepLogProbs: [Math.log(0.6), Math.log(0.9), Math.log(0.8), 0] },
      { label: '<b>', stepLogProbs: [Math.log(0.4), -Infinity] },
    ]
    const line = cumulativeChartSvg(series)
    expect(line).toContain('text-anchor="end">0</text>')
    expect(line).toContain('text-anchor="end">-0.8</text>')
    expect(line.match(/<polyline/g)).toHaveLength(2)
    expect(line).toContain('<title>&lt;b&gt;</title>')
    const bars = finalChartSvg(series)
    expect(bars).toContain('>-0.839</text>')
    expect(bars).toContain('>-inf</text>')
  })
})
