import { useLayoutEffect, useState, type RefObject } from 'react'

/** A chart's width before its box is measured, and the bounds it keeps to as the pane resizes. */
export const CHART_WIDTH = { initial: 480, min: 320, max: 960 }

/**
 * The width a chart takes: its box's, kept within CHART_WIDTH, following the box as it resizes.
 * `shown` tells when a box rendered conditionally is in the page.
 */
export function useChartWidth(box: RefObject<HTMLElement | null>, shown = true): number {
  const [width, setWidth] = useState(CHART_WIDTH.initial)
  useLayoutEffect(() => {
    const el = box.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const fit = (w: number): void => setWidth(Math.round(Math.min(CHART_WIDTH.max, Math.max(CHART_WIDTH.min, w))))
    fit(el.clientWidth)
    const observer = new ResizeObserver(([entry]) => fit(entry.contentRect.width))
    observer.observe(el)
    return () => observer.disconnect()
  }, [box, shown])
  return width
}
