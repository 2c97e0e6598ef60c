import { useEffect, useState } from 'react'

/** A module fetched once, on first call; `loaded` holds it once it has come. */
export interface Loader<M> {
  (): Promise<M>
  loaded: M | null
}

/** A loader that fetches once and hands every caller the same module. */
export function once<M>(load: () => Promise<M>): Loader<M> {
  let promise: Promise<M> | null = null
  const loader = (() =>
    (promise ??= load().then((m) => {
      loader.loaded = m
      return m
    }))) as Loader<M>
  loader.loaded = null
  return loader
}

/**
 * A module fetched after the first render, without a Suspense boundary: revealing one costs React's
 * 300 ms reveal throttle, and the history's first rows should not wait for the rest of the app.
 * Null until the module has loaded (at once when it already has).
 */
export function useModule<M>(load: Loader<M>): M | null {
  const [mod, setMod] = useState<M | null>(load.loaded)
  useEffect(() => {
    if (mod) return
    let live = true
    void load().then((m) => live && setMod(() => m))
    return () => {
      live = false
    }
  }, [load, mod])
  return mod
}
