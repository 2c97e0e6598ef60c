/** React and the app, loaded by main.tsx once the history's first page has been asked for. */
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { takeEarlyFirstPage } from './history/first-page'
import { LocaleProvider } from './i18n/i18n'
import './app.css'

/** Mounts the app; `firstPage` is the history's first page as main.tsx asked for it. */
export function start(firstPage: Promise<unknown>): void {
  takeEarlyFirstPage(firstPage)
  const root = document.getElementById('root')
  if (!root) throw new Error('index.html has no #root element')
  createRoot(root).render(
    <StrictMode>
      <LocaleProvider>
        <App />
      </LocaleProvider>
    </StrictMode>,
  )
}
