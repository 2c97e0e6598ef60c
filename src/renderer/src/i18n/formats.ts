/**
 * The Intl formatters the history draws with, one per locale. The first Intl formatter a process
 * makes loads ICU's locale data (15–30 ms): `warmIcu` has a worker thread load it while the page
 * renders its shell, and `warmFormats` makes the page's own formatters when it is next idle, so that
 * the first rows pay for neither.
 */

const DATE_PARTS: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }
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

/** Loads ICU's data for these locales in a worker thread (the data is shared by the process's threads). */
export function warmIcu(locales: readonly string[]): void {
  try {
    const worker = new Worker(new URL('./icu-warm.worker.ts', import.meta.url), { type: 'module' })
    worker.onerror = () => worker.terminate()
    worker.postMessage(locales)
  } catch {
    // No worker here (a test's DOM, a page that may not start one): the first formatter loads the data itself.
  }
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
