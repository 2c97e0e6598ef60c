import { formatProb } from '../../../core/format'
import type { RunDetail } from '../../../core/records'
import { visibleToken } from '../../../core/report/visible-token'
import type { TreeNode } from '../../../core/types'
import { useT } from '../i18n/i18n'
import { BranchForm } from './BranchForm'
import type { BranchSpec } from './branch-strategy'
import { pathNodes } from './node-path'

interface Props {
  node: TreeNode
  byId: ReadonlyMap<number, TreeNode>
  hasChildren: boolean
  collapsed: boolean
  onToggle: () => void
  branch?: { run: RunDetail; busy: boolean; onBranch: (strategy: BranchSpec) => void }
}

/** The selected node: its token and probability, collapse, and "continue from here". */
export function TreeSelection({ node, byId, hasChildren, collapsed, onToggle, branch }: Props) {
  const t = useT()
  const path = pathNodes(byId, node.id)
  return (
    <div className="tree-selection" role="group" aria-label={t('tree.selection')}>
      <output className="tree-selected">
        {node.tokenId === null
          ? t('tree.prompt')
          : t('tree.selected', { token: visibleToken(node.text), prob: formatProb(node.prob) })}
        {node.forced && ` (${t('tree.forced')})`}
      </output>
      {hasChildren && (
        <button type="button" onClick={onToggle}>
          {collapsed ? t('tree.expand') : t('tree.collapse')}
        </button>
      )}
      {branch && node.parent !== null && (
        <BranchForm
          key={node.id}
          run={branch.run}
          path={path.map((n) => n.tokenId as number)}
          pathText={path.map((n) => n.text)}
          busy={branch.busy}
          onBranch={branch.onBranch}
        />
      )}
    </div>
  )
}
