import type { RefObject } from 'react'
import { useElementWidth } from '../tree/use-element-width'

/** A chart's width before its box is measured, and the bounds it keeps to as the pane resizes. */
export const CHART_WIDTH = { initial: 480, min: 320, max: 960 }

/**
 * The width a chart takes: its box's, kept within CHART_WIDTH, following the box as it resizes.
 * `shown` tells when a box rendered conditionally is in the page.
 */
export function useChartWidth(box: RefObject<HTMLElement | null>, shown = true): number {
  const width = useElementWidth(box, CHART_WIDTH.initial, shown)
  return Math.min(CHART_WIDTH.max, Math.max(CHART_WIDTH.min, width))
}
