import { HF_ORDER, LLAMA_ORDER } from '../../../core/processors/order'
import { CodeName, paramLabel } from '../i18n/code-name'
import { useT } from '../i18n/i18n'

const NAMED = { hf: String(HF_ORDER), llama: String(LLAMA_ORDER) }

/** Which named order a typed code is, if any. */
export function namedOrder(code: string): 'hf' | 'llama' | 'custom' {
  if (code.trim() === NAMED.hf) return 'hf'
  if (code.trim() === NAMED.llama) return 'llama'
  return 'custom'
}

interface Props {
  /** The strategy's name as shown, for the fields' accessible labels. */
  strategy: string
  value: string
  onChange: (code: string) => void
}

/**
 * The processor order of a chained strategy: hf or llama fill in their number code; the number
 * field stays for custom codes (one hex digit per processor, see core/processors/order.ts).
 */
export function OrderField({ strategy, value, onChange }: Props) {
  const t = useT()
  const named = namedOrder(value)
  return (
    <span className="order-field">
      <label>
        <CodeName label={paramLabel(t, 'order')} code="order" />
        <select
          aria-label={`${strategy} ${t('compose.orderPreset')}`}
          value={value.trim() === '' ? 'default' : named}
          onChange={(e) => {
            const picked = e.target.value as keyof typeof NAMED | 'custom' | 'default'
            if (picked === 'default') onChange('')
            else if (picked !== 'custom') onChange(NAMED[picked])
          }}
        >
          <option value="default">{t('compose.orderDefault')}</option>
          <option value="custom">{t('compose.orderCustom')}</option>
          <option value="hf">hf</option>
          <option value="llama">llama</option>
        </select>
      </label>
      <input
        aria-label={`${strategy} ${paramLabel(t, 'order')}`}
        inputMode="numeric"
        size={22}
        value={value}
        placeholder={t('compose.orderDefaultHint')}
        onChange={(e) => onChange(e.target.value)}
      />
    </span>
  )
}
