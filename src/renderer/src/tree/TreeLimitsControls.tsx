import { useT } from '../i18n/i18n'
import type { TreeLimits } from './tree-limits'

interface Props {
  limits: TreeLimits
  /** The deepest level of the tree: the depth range's upper bound. */
  depth: number
  onLimits: (limits: TreeLimits) => void
}

/** The probability cut-off and the range of levels drawn. */
export function TreeLimitsControls({ limits, depth, onLimits }: Props) {
  const t = useT()
  const to = Math.min(limits.toDepth, depth)
  const level = (value: string, fallback: number): number => {
    const n = Math.round(Number(value))
    return Number.isFinite(n) && value !== '' ? Math.max(0, Math.min(depth, n)) : fallback
  }
  return (
    <span className="tree-limits" role="group" aria-label={t('tree.limits')}>
      <label title={t('tree.cutOffTitle')}>
        {t('tree.cutOff')}{' '}
        <input
          type="number"
          min={0}
          max={1}
          step={0.01}
          value={limits.minProb}
          onChange={(e) => {
            const p = Number(e.target.value)
            if (Number.isFinite(p)) onLimits({ ...limits, minProb: Math.max(0, Math.min(1, p)) })
          }}
        />
      </label>
      <label title={t('tree.levelsTitle')}>
        {t('tree.levelsFrom')}{' '}
        <input
          type="number"
          min={0}
          max={to}
          step={1}
          value={limits.fromDepth}
          onChange={(e) => onLimits({ ...limits, fromDepth: Math.min(level(e.target.value, 0), to) })}
        />
      </label>
      <label>
        {t('tree.levelsTo')}{' '}
        <input
          type="number"
          min={limits.fromDepth}
          max={depth}
          step={1}
          value={to}
          onChange={(e) => {
            const d = Math.max(level(e.target.value, depth), limits.fromDepth)
            onLimits({ ...limits, toDepth: d >= depth ? Infinity : d })
          }}
        />
      </label>
    </span>
  )
}
