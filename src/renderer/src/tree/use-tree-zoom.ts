import { select } from 'd3-selection'
import { zoom, zoomIdentity, type D3ZoomEvent } from 'd3-zoom'
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react'
import {
  centreOn,
  fitView,
  LABEL_MIN_SCALE,
  MAX_SCALE,
  MIN_SCALE,
  needsRegion,
  openingView,
  regionAround,
  type Extent,
  type Region,
  type View,
} from './tree-viewport'
import type { ZoomLink } from './zoom-link'

/** A press that moves further than this (pixels) is a drag, not a click on a node. */
export const CLICK_SLOP = 4

const toTransform = (v: View) => zoomIdentity.translate(-v.x * v.scale, -v.y * v.scale).scale(v.scale)

/**
 * Pan and zoom of a tree drawing with d3-zoom (wheel to zoom, drag to pan) on the SVG; the drawing's
 * layer gets d3's transform directly, so a frame of panning renders nothing in React. React state
 * changes only when the view leaves the region that shapes are drawn for, or when labels appear or
 * vanish with the zoom. Until the user moves the view, it follows the opening view as the pane's
 * size or the tree changes. With a `link`, what the user does here is done to the linked trees too.
 */
export function useTreeZoom(
  svgRef: RefObject<SVGSVGElement | null>,
  layerRef: RefObject<SVGGElement | null>,
  extent: Extent,
  centre: number,
  width: number,
  height: number,
  link?: ZoomLink,
) {
  const opening = openingView(extent, 0, centre, width, height)
  const [region, setRegion] = useState<Region>(() => regionAround(opening, width, height))
  const [labels, setLabels] = useState(opening.scale >= LABEL_MIN_SCALE)
  // following: a linked tree's view is being applied here; d3 may report it with the source event of a
  // gesture still going on in this tree, and it must not be sent back (each tree would echo the other).
  const state = useRef({ view: opening, region, touched: false, following: false, width, height, link })
  state.current = { ...state.current, width, height, link }
  const self = useMemo(() => Symbol('tree'), [])

  const behaviour = useMemo(
    () =>
      zoom<SVGSVGElement, unknown>()
        .scaleExtent([MIN_SCALE, MAX_SCALE])
        .clickDistance(CLICK_SLOP)
        // The pane's size as React knows it, rather than d3's reading of the SVG's attributes.
        .extent(() => [
          [0, 0],
          [state.current.width, state.current.height],
        ])
        .on('zoom', (e: D3ZoomEvent<SVGSVGElement, unknown>) => {
          const s = state.current
          const t = e.transform
          const view = { x: -t.x / t.k, y: -t.y / t.k, scale: t.k }
          s.view = view
          layerRef.current?.setAttribute('transform', t.toString())
          if (e.sourceEvent && !s.following) {
            s.touched = true
            s.link?.publish(self, view)
          }
          if (needsRegion(s.region, view, s.width, s.height)) {
            s.region = regionAround(view, s.width, s.height)
            setRegion(s.region)
          }
          setLabels(view.scale >= LABEL_MIN_SCALE)
        }),
    [layerRef, self],
  )
  const go = useCallback(
    (v: View) => {
      const svg = svgRef.current
      if (svg) select(svg).call(behaviour.transform, toTransform(v))
    },
    [behaviour, svgRef],
  )

  useLayoutEffect(() => {
    const svg = svgRef.current
    if (!svg) return
    // Double-click stays a click on a node; it does not zoom.
    select(svg).call(behaviour).on('dblclick.zoom', null)
    return () => void select(svg).on('.zoom', null)
  }, [behaviour, svgRef])

  const key = `${extent.minX} ${extent.maxX} ${extent.minY} ${extent.maxY} ${centre} ${width} ${height}`
  useLayoutEffect(() => {
    if (!state.current.touched) go(openingView(extent, 0, centre, width, height))
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key stands for the extent and size (a new extent object of the same bounds must not reset the view)
  }, [key, go])

  useEffect(() => {
    if (!link) return
    link.setExtent(self, extent)
    return () => link.setExtent(self, null)
  }, [link, self, extent])

  useEffect(() => {
    if (!link) return
    return link.subscribe((from, message) => {
      // A fit reaches every tree, this one too: each fits the trees' common extent in its own pane.
      if (message.kind === 'fit') {
        state.current.touched = true
        go(fitView(message.extent, state.current.width, state.current.height))
        return
      }
      if (from === self) return
      state.current.touched = true
      state.current.following = true
      try {
        go(message.view)
      } finally {
        state.current.following = false
      }
    })
  }, [link, self, go])

  // Linked, a button's view is sent on as a gesture's is.
  const goAndTell = (v: View): void => {
    go(v)
    state.current.link?.publish(self, v)
  }
  const commands = {
    fit: () => {
      if (state.current.link) return state.current.link.fit(self)
      state.current.touched = true
      go(fitView(extent, width, height))
    },
    reset: () => {
      state.current.touched = false
      goAndTell(opening)
    },
    centre: (px: number, py: number) => {
      state.current.touched = true
      goAndTell(centreOn(state.current.view, px, py, width, height))
    },
    view: () => state.current.view,
  }
  return { region, labels, commands }
}
