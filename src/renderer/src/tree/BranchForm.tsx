import { useState } from 'react'
import { visibleToken } from '../../../core/report/visible-token'
import type { RunDetail } from '../../../core/records'
import { formatStrategy, PICKABLE_STRATEGY_NAMES } from '../../../core/strategy-spec'
import type { TokenId } from '../../../core/types'
import { useT } from '../i18n/i18n'
import {
  branchForced,
  branchStrategy,
  isScoreRun,
  pathAsText,
  type BranchChoice,
  type BranchSpec,
} from './branch-strategy'

interface Props {
  /** The run whose strategy "this run's strategy" continues with. */
  run: RunDetail
  /** Token ids from the root's child down to the node. */
  path: readonly TokenId[]
  /** Token texts of the path, for the user to read. */
  pathText: readonly string[]
  busy: boolean
  onBranch: (strategy: BranchSpec) => void
}

/**
 * Forces the path to a node, or a text the user edits from it, after the experiment's prompt and
 * continues from there with a strategy picked here: a new run of the same experiment.
 */
export function BranchForm({ run, path, pathText, busy, onBranch }: Props) {
  const t = useT()
  const scored = isScoreRun(run.strategy)
  const [choice, setChoice] = useState<BranchChoice>(scored ? 'greedy' : 'own')
  const [editing, setEditing] = useState(false)
  const [text, setText] = useState(pathAsText(pathText))
  return (
    <form
      className="branch-form"
      aria-label={t('tree.branchForm')}
      onSubmit={(e) => {
        e.preventDefault()
        onBranch(
          branchStrategy(run.strategy, choice, run.model, branchForced(path, pathText, editing ? text : undefined)),
        )
      }}
    >
      {editing ? (
        <label className="branch-edit">
          {run.prompt ? t('tree.branchAfterPrompt', { prompt: run.prompt }) : t('tree.branchAfterEmptyPrompt')}{' '}
          <input
            aria-label={t('tree.branchText')}
            value={text}
            size={Math.max(12, text.length + 2)}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
      ) : (
        <span>
          {t('tree.branchForce')} <span className="tokens branch-path">{pathText.map(visibleToken).join(' ')}</span>{' '}
          <button type="button" className="link" onClick={() => setEditing(true)}>
            {t('tree.branchEdit')}
          </button>
        </span>
      )}
      <label>
        {t('tree.branchWith')}{' '}
        <select
          aria-label={t('tree.branchStrategy')}
          value={choice}
          onChange={(e) => setChoice(e.target.value as BranchChoice)}
        >
          {!scored && <option value="own">{t('tree.branchOwn', { strategy: formatStrategy(run.strategy) })}</option>}
          {PICKABLE_STRATEGY_NAMES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || path.length === 0 || (editing && text.trim() === '')}>
        {t('tree.branchContinue')}
      </button>
      {editing && <p className="hint">{t('tree.branchEditHint')}</p>}
    </form>
  )
}
