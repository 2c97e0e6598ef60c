import type { View } from './tree-viewport'

/** Ties the zoom of several trees together: what the user does to one, the others follow. */
export interface ZoomLink {
  publish(from: symbol, view: View): void
  /** Returns the unsubscribe function. */
  subscribe(listener: (from: symbol, view: View) => void): () => void
}

export function createZoomLink(): ZoomLink {
  const listeners = new Set<(from: symbol, view: View) => void>()
  return {
    publish: (from, view) => {
      for (const l of listeners) l(from, view)
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
