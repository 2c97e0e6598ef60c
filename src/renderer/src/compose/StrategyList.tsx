import { STRATEGY_NAMES, strategyEntry } from '../../../core/strategies'
import { STRATEGY_PARAMS, type StrategyName } from '../../../core/strategy-spec'
import { CodeName, paramLabel, strategyLabel, withCode } from '../i18n/code-name'
import { useT } from '../i18n/i18n'
import { DraftModelPicker } from './DraftModelPicker'
import { OrderField } from './OrderField'
import { draft, type StrategyDraft } from './presets'

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
            {STRATEGY_NAMES.map((n) => (
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
          {Object.keys(STRATEGY_PARAMS[s.name].shape).map((param) =>
            param === 'order' ? (
              <OrderField
                key={param}
                strategy={strategyLabel(t, s.name)}
                value={s.params.order ?? ''}
                onChange={(code) => update(s.key, { params: { ...s.params, order: code } })}
              />
            ) : (
              <label key={param}>
                <CodeName label={paramLabel(t, param)} code={param} />
                <input
                  aria-label={`${strategyLabel(t, s.name)} ${paramLabel(t, param)}`}
                  inputMode="decimal"
                  size={6}
                  value={s.params[param] ?? ''}
                  placeholder={t('compose.paramDefault')}
                  onChange={(e) => update(s.key, { params: { ...s.params, [param]: e.target.value } })}
                />
              </label>
            ),
          )}
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
