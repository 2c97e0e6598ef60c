import type { StrategyName } from '../../../core/strategy-spec'
import { CodeName, paramLabel } from '../i18n/code-name'
import { useT } from '../i18n/i18n'
import { paramHint } from './param-groups'

interface Props {
  name: StrategyName
  /** The strategy's name as shown, for the field's accessible label. */
  strategy: string
  param: string
  value: string
  onChange: (value: string) => void
}

/** One numeric parameter; its placeholder says what leaving it empty means. */
export function ParamField({ name, strategy, param, value, onChange }: Props) {
  const t = useT()
  const hint = paramHint(name, param)
  const placeholder =
    hint === 'off' ? t('compose.paramOff') : hint === 'default' ? t('compose.paramDefault') : hint.value
  return (
    <label>
      <CodeName label={paramLabel(t, param)} code={param} />
      <input
        aria-label={`${strategy} ${paramLabel(t, param)}`}
        inputMode="decimal"
        size={6}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  )
}
