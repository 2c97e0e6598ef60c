import { formatProb } from '../format'
import { STATUS_COLOURS } from '../status-colours'
import { formatStrategy } from '../strategy-spec'
import { cutTree } from './cut-tree'
import { visible } from './escape'
import { visibleToken } from './visible-token'
import type { Report } from './json-schema'

/** A DOT quoted string: visible text, with the backslash (Graphviz's label escapes) and quote escaped. */
export function dotString(text: string): string {
  return `"${visible(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

/** Graphviz DOT of each run's tree, one cluster per run, cut like the HTML report's trees. */
export function reportDot(report: Report, options: { maxNodes: number }): string {
  const e = report.experiment
  const out = [
    'digraph decoding_lab {',
    `  graph [rankdir=LR, fontname="sans-serif", labelloc=t, label=${dotString(`${e.modelId}, prompt "${e.prompt}"`)}];`,
    '  node [shape=box, style="rounded,filled", fontname="sans-serif", fontcolor=white];',
    '  edge [arrowhead=none];',
  ]
  for (const run of report.runs) {
    const r = run.position + 1
    const cut = cutTree(
      run.tree,
      options.maxNodes,
      run.sequences.map((s) => s.nodeId),
    )
    out.push(`  subgraph cluster_run${r} {`)
    out.push(`    label=${dotString(`run ${r} ${formatStrategy(run.strategy)}`)};`)
    for (const n of cut.nodes) {
      const label = n.tokenId === null ? '(prompt)' : `${visibleToken(n.text)} ${formatProb(n.prob)}`
      out.push(
        `    r${r}_n${n.id} [label=${dotString(label)}, fillcolor="${STATUS_COLOURS[n.status]}", tooltip="${n.status}"];`,
      )
    }
    for (const n of cut.nodes) {
      if (n.parent !== null)
        out.push(
          `    r${r}_n${n.parent} -> r${r}_n${n.id} [color="${STATUS_COLOURS[n.status]}", penwidth=${(1 + 7 * n.prob).toFixed(2)}];`,
        )
    }
    if (cut.left) {
      out.push(
        `    r${r}_cut [shape=note, style=filled, fillcolor="#fffbeb", fontcolor=black, label=${dotString(`${cut.left} of ${run.tree.length} nodes left out; the JSON export holds them all`)}];`,
      )
    }
    out.push('  }')
  }
  out.push('}', '')
  return out.join('\n')
}
