import { useEffect, useRef, type RefObject } from 'react'
import { MIN_SPAN, panSteps, rangeFor, zoomSteps, type StepRange } from './step-zoom'
import { useStepZoom } from './StepZoom'

/** Where the plot sits in a step chart: margins of 16 px and a 64 px y axis on the left. */
export const PLOT = { left: 80, right: 16 }
/** The plot's width in a chart box `width` px wide. */
const plotWidth = (width: number): number => Math.max(1, width - PLOT.left - PLOT.right)
const WHEEL_IN = 0.8

/**
 * Wheel zoom and drag pan of a step chart's x axis, on the shared range of useStepZoom: native
 * listeners, since React's wheel listener is passive and the page would scroll as the chart zooms.
 */
export function useChartZoom(
  box: RefObject<HTMLDivElement | null>,
  last: number,
): { range: StepRange | null; reset: () => void } {
  const { range: shared, setRange } = useStepZoom()
  const range = rangeFor(shared, last)
  const now = useRef({ range, last, setRange })
  now.current = { range, last, setRange }

  useEffect(() => {
    const el = box.current
    if (!el) return
    const stepAt = (clientX: number): number => {
      const { range: r, last: n } = now.current
      const [from, to] = r ?? [1, n]
      const rect = el.getBoundingClientRect()
      const frac = (clientX - rect.left - PLOT.left) / plotWidth(rect.width)
      return from + Math.min(1, Math.max(0, frac)) * (to - from)
    }
    const onWheel = (e: WheelEvent): void => {
      const { range: r, last: n, setRange: set } = now.current
      // A run too short to zoom leaves the wheel to the page.
      if (e.deltaY === 0 || n - 1 <= MIN_SPAN) return
      e.preventDefault()
      set(zoomSteps(r, n, stepAt(e.clientX), e.deltaY < 0 ? WHEEL_IN : 1 / WHEEL_IN))
    }
    let drag: { x: number; range: StepRange } | null = null
    const onDown = (e: PointerEvent): void => {
      const r = now.current.range
      if (r && e.button === 0) drag = { x: e.clientX, range: r }
    }
    const onMove = (e: PointerEvent): void => {
      if (!drag) return
      const span = drag.range[1] - drag.range[0]
      now.current.setRange(
        panSteps(
          drag.range,
          now.current.last,
          (-(e.clientX - drag.x) / plotWidth(el.getBoundingClientRect().width)) * span,
        ),
      )
    }
    const onUp = (): void => {
      drag = null
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    el.addEventListener('pointerdown', onDown)
    window.addEventListener('pointermove', onMove)
    window.addEventListener('pointerup', onUp)
    return () => {
      el.removeEventListener('wheel', onWheel)
      el.removeEventListener('pointerdown', onDown)
      window.removeEventListener('pointermove', onMove)
      window.removeEventListener('pointerup', onUp)
    }
  }, [box])

  return { range, reset: () => setRange(null) }
}
