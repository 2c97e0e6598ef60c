import type { TreeNode } from '../types'

/** A node as reports and `show --json` write it: processedProb and filteredBy always, null where no processor chain ran. */
export function withProcessed<N extends TreeNode>(
  n: N,
): N & { processedProb: number | null; filteredBy: string | null } {
  return { ...n, processedProb: n.processedProb ?? null, filteredBy: n.filteredBy ?? null }
}
