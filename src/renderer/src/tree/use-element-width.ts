import { useEffect, useState, type RefObject } from 'react'

/**
 * The width of an element, following its resizes; `fallback` until it is measured. `shown` tells
 * when an element rendered conditionally is in the page.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>, fallback: number, shown = true): number {
  const [width, setWidth] = useState(fallback)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const first = Math.floor(el.getBoundingClientRect().width)
    if (first > 0) setWidth(first)
    if (typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry.contentRect.width)
      if (w > 0) setWidth(w)
    })
    observer.observe(el)
    return () => observer.disconnect()
  }, [ref, shown])
  return width
}

/** The height from an element's top to the bottom of the window (at mount and on window resizes); `fallback` until measured. */
export function useRoomBelow(ref: RefObject<HTMLElement | null>, fallback: number): number {
  const [room, setRoom] = useState(fallback)
  useEffect(() => {
    const measure = (): void => {
      const el = ref.current
      if (!el || window.innerHeight === 0) return
      setRoom(Math.floor(window.innerHeight - el.getBoundingClientRect().top - 16))
    }
    measure()
    window.addEventListener('resize', measure)
    return () => window.removeEventListener('resize', measure)
  }, [ref])
  return room
}
