import { formatCount, formatDate } from './formats'

// Makes the formatters once in this thread and ends: ICU's locale data, loaded once per process, is then ready for the page.
self.onmessage = (e: MessageEvent<string[]>) => {
  for (const locale of e.data) {
    formatCount(0, locale)
    formatDate(new Date(0).toISOString(), locale)
  }
  self.close()
}
