import { useEffect, useRef, useState } from 'react'
import type { ResponseMap } from '../../../core/contract'
import { lab } from '../api/client'
import { userError } from '../app/user-error'
import { useT } from '../i18n/i18n'

export type OrderComparison = ResponseMap['step.compareOrder']

export interface OrderComparisonState {
  /** The order being compared with (as typed), null when no comparison is on. */
  order: string | null
  result: OrderComparison | null
  error: string | null
  busy: boolean
  compare: (order: string) => void
  stop: () => void
}

/**
 * The selected step under a second order, asked of the worker. Once an order is chosen, every step
 * selected after it is compared too, until stopped; an answer for a step no longer selected is dropped.
 */
export function useOrderComparison(runId: number | null, nodeId: number | null): OrderComparisonState {
  const t = useT()
  const [order, setOrder] = useState<string | null>(null)
  const [answer, setAnswer] = useState<{ key: string; result: OrderComparison | null; error: string | null } | null>(
    null,
  )
  const latest = useRef('')
  const key = `${runId}:${nodeId}:${order}`
  useEffect(() => {
    latest.current = key
    if (order === null || runId === null || nodeId === null) return
    lab.invoke('step.compareOrder', { runId, nodeId, order }).then(
      (result) => latest.current === key && setAnswer({ key, result, error: null }),
      (err: unknown) => latest.current === key && setAnswer({ key, result: null, error: userError(err, t) }),
    )
  }, [key, order, runId, nodeId, t])
  const current = answer?.key === key ? answer : null
  return {
    order,
    result: current?.result ?? null,
    error: current?.error ?? null,
    busy: order !== null && current === null,
    compare: (o) => setOrder(o.trim()),
    stop: () => setOrder(null),
  }
}
