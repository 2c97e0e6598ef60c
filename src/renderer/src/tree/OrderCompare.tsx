import { useState } from 'react'
import { formatOrder, HF_ORDER, LLAMA_ORDER } from '../../../core/processors/order'
import { paramLabel } from '../i18n/code-name'
import { useT } from '../i18n/i18n'
import type { OrderComparisonState } from './use-order-comparison'

interface Props {
  /** The run's own order code. */
  runOrder: number
  comparison: OrderComparisonState
}

/**
 * Picks the second order of the step panel's comparison: hf, llama or a list of processor names;
 * then says both chains and what the replay assumed.
 */
export function OrderCompare({ runOrder, comparison }: Props) {
  const t = useT()
  const [text, setText] = useState(runOrder === LLAMA_ORDER ? 'hf' : 'llama')
  const { result, error, busy, order } = comparison
  const chain = (keys: string[]): string => keys.map((k) => paramLabel(t, k)).join(' > ') || t('step.emptyChain')
  return (
    <div className="step-compare">
      <form
        className="step-compare-form"
        onSubmit={(e) => {
          e.preventDefault()
          comparison.compare(text)
        }}
      >
        <label>
          {t('step.compareWith')}{' '}
          <input
            list="step-orders"
            size={28}
            value={text}
            placeholder={t('step.orderPlaceholder')}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        <datalist id="step-orders">
          {[HF_ORDER, LLAMA_ORDER].map((code) => (
            <option key={code} value={formatOrder(code)} />
          ))}
        </datalist>
        <button type="submit" disabled={text.trim() === ''}>
          {t('step.compare')}
        </button>
        {order !== null && (
          <button type="button" onClick={comparison.stop}>
            {t('step.stopCompare')}
          </button>
        )}
        {busy && <span className="hint">{t('step.comparing')}</span>}
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <p className="hint step-chains">
          {t('step.runChain', { order: result.runOrder.text, chain: chain(result.runChain) })}
          <br />
          {t('step.otherChain', { order: result.order.text, chain: chain(result.chain) })}
          {!result.differs && (
            <>
              <br />
              {t('step.sameChain')}
            </>
          )}
          {result.notes.map((n) => (
            <span key={n.text}>
              <br />
              {n.code === 'warning' ? n.text : t(`step.note.${n.code}`, { value: n.value ?? '' })}
            </span>
          ))}
        </p>
      )}
    </div>
  )
}
