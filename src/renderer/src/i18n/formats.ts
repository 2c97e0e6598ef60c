/**
 * The numbers and dates the history draws. Written out rather than through Intl: the first Intl
 * formatter a page makes loads ICU's locale data, 25–30 ms on the main thread in the middle of the
 * first rows' render. Both of the app's locales (en, zh-CN) group digits by three with a comma.
 */

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** A count with its thousands grouped, as en and zh-CN write it: 10,000. */
export function formatCount(n: number): string {
  if (!Number.isSafeInteger(n)) return String(n)
  const digits = String(Math.abs(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return n < 0 ? `-${digits}` : digits
}

/** A stored ISO time in local time to the second, the same in both locales: 2026-12-03 15:21:01. */
export function formatDate(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const date = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
  return `${date} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
}
