/**
 * The Intl formatters the history draws with, one per locale. The first Intl formatter a page makes
 * loads ICU's locale data (10–30 ms on the main thread): `warmFormats` makes them when the page is
 * idle before the first answer (a slow store), so that the first rows do not pay for it then.
 */

const DATE_PARTS: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
}
const numbers = new Map<string, Intl.NumberFormat>()
const dates = new Map<string, Intl.DateTimeFormat>()

function cached<F>(cache: Map<string, F>, locale: string, make: () => F): F {
  let f = cache.get(locale)
  if (!f) cache.set(locale, (f = make()))
  return f
}

/** As `n.toLocaleString(locale)`. */
export function formatCount(n: number, locale: string): string {
  return cached(numbers, locale, () => new Intl.NumberFormat(locale)).format(n)
}

/** A stored ISO time as the locale writes a date and time to the second. */
export function formatDate(iso: string, locale: string): string {
  return cached(dates, locale, () => new Intl.DateTimeFormat(locale, DATE_PARTS)).format(new Date(iso))
}

/** Makes the locale's formatters when the main thread is next idle (at once where there is no idle callback). */
export function warmFormats(locale: string): () => void {
  const warm = (): void => {
    formatCount(0, locale)
    formatDate(new Date(0).toISOString(), locale)
  }
  if (typeof requestIdleCallback !== 'function') {
    const timer = setTimeout(warm, 0)
    return () => clearTimeout(timer)
  }
  const handle = requestIdleCallback(warm)
  return () => cancelIdleCallback(handle)
}
