import { CodeName, paramLabel } from '../i18n/code-name'
import { useT } from '../i18n/i18n'
import type { MessageKey } from '../i18n/messages'
import { MESSAGES } from '../i18n/messages'

interface Props {
  /** The strategy's name as shown, for the field's accessible label. */
  strategy: string
  param: string
  /** The value used when the field is empty; none for an optional parameter. */
  fallback: string | undefined
  value: string
  onChange: (value: string) => void
}

/** A parameter whose value is text: a proposal spec, a utility, an answer pattern, logit biases, banned strings. */
export function TextParamField({ strategy, param, fallback, value, onChange }: Props) {
  const t = useT()
  const example = `compose.example.${param}`
  const placeholder = fallback ?? (example in MESSAGES.en ? t(example as MessageKey) : t('compose.paramOff'))
  return (
    <label className="text-param">
      <CodeName label={paramLabel(t, param)} code={param} />
      <input
        aria-label={`${strategy} ${paramLabel(t, param)}`}
        size={28}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  )
}
