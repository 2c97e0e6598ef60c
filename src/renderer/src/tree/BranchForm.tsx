import { useState } from 'react'
import type { RunDetail } from '../../../core/records'
import { formatStrategy, STRATEGY_NAMES, type StrategySpec } from '../../../core/strategy-spec'
import type { TokenId, TreeNode } from '../../../core/types'
import { useT } from '../i18n/i18n'
import { branchStrategy, type BranchChoice } from './branch-strategy'

interface Props {
  run: RunDetail
  node: TreeNode
  /** Token ids from the root's child down to the node. */
  path: readonly TokenId[]
  /** Token texts of the path, for the user to read. */
  pathText: readonly string[]
  busy: boolean
  onBranch: (strategy: StrategySpec) => void
}

/** Forces the path to a node and continues from there with a strategy picked here: a new experiment. */
export function BranchForm({ run, node, path, pathText, busy, onBranch }: Props) {
  const t = useT()
  const [choice, setChoice] = useState<BranchChoice>('own')
  return (
    <form
      className="branch-form"
      aria-label={t('tree.branchForm')}
      onSubmit={(e) => {
        e.preventDefault()
        onBranch(branchStrategy(run.strategy, choice, run.model, path))
      }}
    >
      <span>
        {t('tree.branchForce')} <span className="tokens branch-path">{pathText.join(' ')}</span>
      </span>
      <label>
        {t('tree.branchWith')}{' '}
        <select aria-label={t('tree.branchStrategy')} value={choice} onChange={(e) => setChoice(e.target.value as BranchChoice)}>
          <option value="own">{t('tree.branchOwn', { strategy: formatStrategy(run.strategy) })}</option>
          {STRATEGY_NAMES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || node.parent === null}>
        {t('tree.branchContinue')}
      </button>
    </form>
  )
}
