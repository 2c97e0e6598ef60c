import type { Extent, View } from './tree-viewport'

/** What one linked tree tells the others: take this view, or fit what every linked tree holds. */
export type LinkMessage = { kind: 'view'; view: View } | { kind: 'fit'; extent: Extent }

/**
 * Ties the zoom of several trees together: what the user does to one (a drag, the wheel, Fit, Reset,
 * Go to selected), the others follow.
 */
export interface ZoomLink {
  publish(from: symbol, view: View): void
  /** Tells every tree, `from` included, to fit the extent that holds all of the linked trees. */
  fit(from: symbol): void
  /** A tree's extent, so that a fit holds it; `null` when it leaves. */
  setExtent(member: symbol, extent: Extent | null): void
  /** Returns the unsubscribe function. */
  subscribe(listener: (from: symbol, message: LinkMessage) => void): () => void
}

/** The smallest extent that holds all of these. */
export function unionExtent(extents: Iterable<Extent>): Extent | null {
  let out: Extent | null = null
  for (const e of extents)
    out = out
      ? {
          minX: Math.min(out.minX, e.minX),
          maxX: Math.max(out.maxX, e.maxX),
          minY: Math.min(out.minY, e.minY),
          maxY: Math.max(out.maxY, e.maxY),
        }
      : { ...e }
  return out
}

export function createZoomLink(): ZoomLink {
  const listeners = new Set<(from: symbol, message: LinkMessage) => void>()
  const extents = new Map<symbol, Extent>()
  const send = (from: symbol, message: LinkMessage): void => {
    for (const l of listeners) l(from, message)
  }
  return {
    publish: (from, view) => send(from, { kind: 'view', view }),
    fit: (from) => {
      const extent = unionExtent(extents.values())
      if (extent) send(from, { kind: 'fit', extent })
    },
    setExtent: (member, extent) => {
      if (extent) extents.set(member, extent)
      else extents.delete(member)
    },
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}
