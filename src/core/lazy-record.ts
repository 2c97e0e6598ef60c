/**
 * Values made on first use. Zod takes milliseconds to build a set of schemas, and the app's renderer
 * would build every one of them at load, before its first render, though it uses few.
 */

/** `make()`, called once, on the first call. */
export function once<T>(make: () => T): () => T {
  let made: { value: T } | null = null
  return () => (made ??= { value: make() }).value
}

/** An object with the keys of `makers` whose values are made on first read, each alone. */
export function lazyRecord<T extends Record<string, () => unknown>>(
  makers: T,
): { readonly [K in keyof T]: ReturnType<T[K]> } {
  const record = {}
  for (const [key, make] of Object.entries(makers))
    Object.defineProperty(record, key, { enumerable: true, get: once(make) })
  return record as { readonly [K in keyof T]: ReturnType<T[K]> }
}
