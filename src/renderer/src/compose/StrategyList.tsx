import { PICKABLE_STRATEGY_NAMES, strategyEntry } from '../../../core/strategies'
import type { StrategyName } from '../../../core/strategy-spec'
import { strategyLabel, withCode } from '../i18n/code-name'
import { useT } from '../i18n/i18n'
import { DraftModelPicker } from './DraftModelPicker'
import { draft, type StrategyDraft } from './presets'
import { StrategyParams } from './StrategyParams'

interface Props {
  strategies: StrategyDraft[]
  errors: Map<number, string>
  onChange: (next: StrategyDraft[]) => void
}

/** The strategies to compare, each with its parameters; add, remove and duplicate. */
export function StrategyList({ strategies, errors, onChange }: Props) {
  const t = useT()
  const update = (key: number, change: Partial<StrategyDraft>): void =>
    onChange(strategies.map((s) => (s.key === key ? { ...s, ...change } : s)))
  return (
    <div className="strategies">
      {strategies.map((s) => (
        <fieldset
          key={s.key}
          className="strategy"
          aria-label={t('compose.strategyAria', { name: strategyLabel(t, s.name) })}
        >
          <select
            aria-label={t('compose.strategySelect')}
            value={s.name}
            onChange={(e) => update(s.key, { name: e.target.value as StrategyName, params: {} })}
          >
            {PICKABLE_STRATEGY_NAMES.map((n) => (
              <option key={n} value={n}>
                {withCode(strategyLabel(t, n), n)}
              </option>
            ))}
          </select>
          {strategyEntry(s.name).takesDraft && (
            <DraftModelPicker
              strategy={strategyLabel(t, s.name)}
              role={strategyEntry(s.name).modelKey === 'amateur' ? 'amateur' : 'draft'}
              value={s.draft ?? ''}
              onChange={(d) => update(s.key, { draft: d })}
            />
          )}
          <StrategyParams
            name={s.name}
            strategy={strategyLabel(t, s.name)}
            params={s.params}
            onChange={(params) => update(s.key, { params })}
          />
          <button
            type="button"
            onClick={() => onChange([...strategies, { ...draft(s.name), params: { ...s.params }, draft: s.draft }])}
          >
            {t('compose.duplicate')}
          </button>
          <button
            type="button"
            onClick={() => onChange(strategies.filter((x) => x.key !== s.key))}
            disabled={strategies.length === 1}
          >
            {t('compose.remove')}
          </button>
          {errors.get(s.key) && (
            <p role="alert" className="error">
              {errors.get(s.key)}
            </p>
          )}
        </fieldset>
      ))}
      <button type="button" onClick={() => onChange([...strategies, draft('greedy')])}>
        {t('compose.addStrategy')}
      </button>
    </div>
  )
}
