import { rawTransport } from './api/transport'
import { FIRST_PAGE } from './history/page-size'
import { warmNow } from './i18n/formats'
import { initialLocale } from './i18n/initial-locale'

// The first page of the history is asked for by this small entry (the transport and nothing else),
// before the app's code (React, the contract's schemas, the rest: most of the bundle) is even
// fetched and parsed: the server works on it meanwhile. boot.tsx hands the answer to the history.
const firstPage = rawTransport.invoke('experiments.list', FIRST_PAGE)
firstPage.catch(() => undefined)
void import('./boot').then((m) => m.start(firstPage))
// While that code downloads, the main thread is free: the first rows' date formatter is made now.
warmNow(initialLocale())
