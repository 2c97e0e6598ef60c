import { useCallback, useEffect, useRef, useState, type PointerEvent, type RefObject } from 'react'
import { centreOn, fitView, needsRegion, openingView, panBy, regionAround, zoomAt, type Extent, type Region, type View } from './tree-viewport'

/** A press that moves further than this (pixels) is a drag, not a click on a node. */
export const CLICK_SLOP = 4

/**
 * Pan and zoom of a tree drawing: the view (coalesced to one update per animation frame), the
 * region shapes are drawn for, and the fit / reset / centre-on commands. Until the user moves the
 * view, it follows the opening view as the pane's size or the tree changes.
 */
export function useTreeViewport(svgRef: RefObject<SVGSVGElement | null>, extent: Extent, width: number, height: number) {
  const opening = openingView(extent, 0, 0, width, height)
  const [view, setView] = useState<View>(opening)
  const touched = useRef(false)
  const key = `${extent.minX} ${extent.maxX} ${extent.minY} ${extent.maxY} ${width} ${height}`
  const [openedFor, setOpenedFor] = useState(key)
  // Adjusting state while rendering (React's pattern for state derived from other state): no extra commit.
  if (openedFor !== key) {
    setOpenedFor(key)
    if (!touched.current) setView(opening)
  }
  const [region, setRegion] = useState<Region>(() => regionAround(view, width, height))
  if (needsRegion(region, view, width, height)) setRegion(regionAround(view, width, height))

  const pending = useRef<((v: View) => View)[]>([])
  const frame = useRef(0)
  const change = useCallback((f: (v: View) => View) => {
    touched.current = true
    pending.current.push(f)
    if (frame.current) return
    frame.current = requestAnimationFrame(() => {
      frame.current = 0
      const fs = pending.current.splice(0)
      setView((v) => fs.reduce((acc, g) => g(acc), v))
    })
  }, [])
  useEffect(() => () => cancelAnimationFrame(frame.current), [])

  // React's wheel listener is passive; this one may stop the page from scrolling while zooming.
  useEffect(() => {
    const svg = svgRef.current
    if (!svg) return
    const onWheel = (e: globalThis.WheelEvent): void => {
      e.preventDefault()
      const box = svg.getBoundingClientRect()
      change((v) => zoomAt(v, e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX - box.left, e.clientY - box.top))
    }
    svg.addEventListener('wheel', onWheel, { passive: false })
    return () => svg.removeEventListener('wheel', onWheel)
  }, [change, svgRef])

  const drag = useRef<{ x: number; y: number; moved: number } | null>(null)
  const pointer = {
    onPointerDown: (e: PointerEvent<SVGSVGElement>): void => {
      drag.current = { x: e.clientX, y: e.clientY, moved: 0 }
    },
    onPointerMove: (e: PointerEvent<SVGSVGElement>): void => {
      const d = drag.current
      if (!d || e.buttons === 0) return
      const dx = e.clientX - d.x
      const dy = e.clientY - d.y
      drag.current = { x: e.clientX, y: e.clientY, moved: d.moved + Math.abs(dx) + Math.abs(dy) }
      if (drag.current.moved > CLICK_SLOP) {
        if (!e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.setPointerCapture(e.pointerId)
        change((v) => panBy(v, dx, dy))
      }
    },
  }
  /** Whether the press that ends in this click was a drag (and forgets it). */
  const endPress = (): boolean => {
    const wasDrag = (drag.current?.moved ?? 0) > CLICK_SLOP
    drag.current = null
    return wasDrag
  }
  const commands = {
    fit: () => change(() => fitView(extent, width, height)),
    reset: () => {
      setView(opening)
      touched.current = false
    },
    centre: (px: number, py: number) => change((v) => centreOn(v, px, py, width, height)),
  }
  return { view, region, pointer, endPress, commands }
}

/** The width of an element, following its resizes; `fallback` until it is measured. */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [width, setWidth] = useState(fallback)
  useEffect(() => {
    const el = ref.current
    if (!el || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry.contentRect.width)
      if (w > 0) setWidth(w)
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref])
  return width
}
