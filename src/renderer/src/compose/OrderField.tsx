import { formatOrder, HF_ORDER, isOrderCode, LLAMA_ORDER, parseOrder } from '../../../core/processors/order'
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

/** The chain a typed code stands for (`topK > temperature`), or null when it is not a code. */
export function orderChain(code: string): string | null {
  const n = Number(code.trim())
  if (code.trim() === '' || !Number.isInteger(n) || !isOrderCode(n)) return null
  return formatOrder(n).split('>').join(' > ')
}

/**
 * A list of processor names typed in the code field (`topK>temperature`), as its number code; the
 * text itself when it is a number already or names no order (validation then says why).
 */
export function orderCodeOf(text: string): string {
  if (text.trim() === '' || Number.isFinite(Number(text.trim()))) return text
  try {
    return String(parseOrder(text))
  } catch {
    return text
  }
}

/**
 * The processor order of a chained strategy: hf or llama fill in their number code; the number
 * field takes custom codes (one hex digit per processor, see core/processors/order.ts) or a list
 * of names, turned into its code on leaving the field; the chain a code stands for is spelled out.
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
        size={22}
        value={value}
        placeholder={t('compose.orderDefaultHint')}
        title={t('compose.orderTitle')}
        onChange={(e) => onChange(e.target.value)}
        onBlur={(e) => {
          const code = orderCodeOf(e.target.value)
          if (code !== e.target.value) onChange(code)
        }}
      />
      {orderChain(value) !== null && namedOrder(value) === 'custom' && (
        <span className="order-chain">{orderChain(value)}</span>
      )}
    </span>
  )
}
