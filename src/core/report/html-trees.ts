import { cutTree } from './cut-tree'
import { escapeXml } from './escape'
import { FOCUS_MIN_NODES, foldTree, type ShownNode } from './fold-tree'
import type { Report, ReportRun } from './json-schema'
import { layoutTree, svgFrame, treeContent, treeLegend } from './svg-tree'
import { treePages } from './tree-pages'

/** The tree as the app opens it: focused (chosen paths and kept beams, the rest folded) when large, whole when small. */
export function focusedTree(run: ReportRun, maxNodes: number): { nodes: ShownNode[]; note: string } {
  const total = run.tree.length
  const focused = total > FOCUS_MIN_NODES ? foldTree(run.tree, new Set()) : run.tree
  const cut = cutTree(focused, maxNodes, run.sequences.map((s) => s.nodeId))
  const notes: string[] = []
  if (focused !== run.tree) {
    notes.push(`This tree has ${total} nodes. It is drawn focused, as the app opens it: the chosen paths and kept beams, with each node’s other candidates folded into one “+N more (p = …)” node.`)
  }
  if (cut.left) {
    notes.push(focused === run.tree
      ? `This tree has ${total} nodes; only the ${cut.nodes.length} nodes of its most probable branches (and of the returned sequences) are drawn, leaving out ${cut.left}.`
      : `Only ${cut.nodes.length} of its ${focused.length} focused nodes are drawn: those of its most probable branches and of the returned sequences.`)
  }
  if (notes.length) notes.push('The JSON export holds every node.')
  return { nodes: cut.nodes, note: notes.join(' ') }
}

/**
 * Each run's tree twice: on screen one figure whose box scrolls when the tree is wider or taller
 * than the window; in print the same tree cut into page-sized pieces at full size, one page each.
 */
export function treesHtml(report: Report, maxNodes: number, label: (r: ReportRun) => string): string {
  return report.runs
    .map((run) => {
      const title = `Tree of ${label(run)}`
      const { nodes, note } = focusedTree(run, maxNodes)
      const head = `<section class="run-tree"><h2>${escapeXml(title)}</h2>\n${note ? `<p class="note">${escapeXml(note)}</p>` : ''}`
      if (!nodes.length) return `${head}\n<p><i>No tree was recorded.</i></p>\n</section>`
      const layout = layoutTree(nodes)
      const whole = svgFrame(layout.width, layout.height, `0 0 ${layout.width} ${layout.height}`, `probability tree of ${label(run)}`, [treeLegend(), ...treeContent(layout.placed)])
      const pages = treePages(layout, `probability tree of ${label(run)}`)
      const printed = pages.map(
        (p, i) =>
          `<figure class="tree-page"><figcaption>${escapeXml(title)}: page ${i + 1} of ${pages.length}, depth ${p.depths[0]}–${p.depths[1]}</figcaption>\n${p.svg}</figure>`,
      )
      return [head, `<figure class="tree-figure"><div class="tree-box">${whole}</div></figure>`, `<div class="tree-pages">\n${printed.join('\n')}\n</div>`, '</section>'].join('\n')
    })
    .join('\n')
}
