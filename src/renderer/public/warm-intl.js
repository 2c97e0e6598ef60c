// A script of its own, run (deferred, before the app's module) while the app's main chunk is still
// downloading: the page's first Intl formatter loads ICU's locale data, 10-30 ms of main thread that
// would otherwise fall in the render of the first history rows (their count and dates).
for (const locale of ['en', 'zh-CN']) {
  new Intl.NumberFormat(locale).format(0)
  new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).format(0)
}
