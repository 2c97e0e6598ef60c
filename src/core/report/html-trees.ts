import { cutTree } from './cut-tree'
import { escapeXml } from './escape'
import { FOCUS_MIN_NODES, foldTree, type ShownNode } from './fold-tree'
import type { Report, ReportRun } from './json-schema'
import { reportText, type ReportT } from './report-messages'
import { layoutTree, svgFrame, treeContent, treeLegend } from './svg-tree'
import { treePages } from './tree-pages'

/** The tree as the app opens it: focused (chosen paths and kept beams, the rest folded) when large, whole when small. */
export function focusedTree(
  run: ReportRun,
  maxNodes: number,
  t: ReportT = reportText(),
): { nodes: ShownNode[]; note: string } {
  const total = run.tree.length
  const focused = total > FOCUS_MIN_NODES ? foldTree(run.tree, new Set()) : run.tree
  const cut = cutTree(
    focused,
    maxNodes,
    run.sequences.map((s) => s.nodeId),
  )
  const notes: string[] = []
  if (focused !== run.tree) {
    notes.push(t('report.treeFocused', { total }))
  }
  if (cut.left) {
    notes.push(
      focused === run.tree
        ? t('report.treeCut', { total, drawn: cut.nodes.length, left: cut.left })
        : t('report.treeCutFocused', { drawn: cut.nodes.length, focused: focused.length }),
    )
  }
  if (notes.length) notes.push(t('report.treeJson'))
  return { nodes: cut.nodes, note: notes.join(' ') }
}

/**
 * Each run's tree twice: on screen one figure whose box scrolls when the tree is wider or taller
 * than the window; in print the same tree cut into page-sized pieces at full size, one page each.
 */
export function treesHtml(
  report: Report,
  maxNodes: number,
  label: (r: ReportRun) => string,
  t: ReportT = reportText(),
): string {
  return report.runs
    .map((run) => {
      const title = t('report.treeOf', { run: label(run) })
      const image = t('report.treeImage', { run: label(run) })
      const { nodes, note } = focusedTree(run, maxNodes, t)
      const head = `<section class="run-tree"><h2>${escapeXml(title)}</h2>\n${note ? `<p class="note">${escapeXml(note)}</p>` : ''}`
      if (!nodes.length) return `${head}\n<p><i>${escapeXml(t('report.noTree'))}</i></p>\n</section>`
      const layout = layoutTree(nodes)
      const whole = svgFrame(layout.width, layout.height, `0 0 ${layout.width} ${layout.height}`, image, [
        treeLegend(t),
        ...treeContent(layout.placed, t),
      ])
      const pages = treePages(layout, image, undefined, t)
      const printed = pages.map(
        (p, i) =>
          `<figure class="tree-page"><figcaption>${escapeXml(t('report.treePage', { title, page: i + 1, pages: pages.length, from: p.depths[0], to: p.depths[1] }))}</figcaption>\n${p.svg}</figure>`,
      )
      return [
        head,
        `<figure class="tree-figure"><div class="tree-box">${whole}</div></figure>`,
        `<div class="tree-pages">\n${printed.join('\n')}\n</div>`,
        '</section>',
      ].join('\n')
    })
    .join('\n')
}
