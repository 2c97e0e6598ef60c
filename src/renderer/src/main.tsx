import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { askFirstPage } from './history/first-page'
import { warmIcu } from './i18n/formats'
import { LocaleProvider, LOCALES } from './i18n/i18n'
import './app.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

askFirstPage()
warmIcu(LOCALES.map((l) => l.id))
createRoot(root).render(
  <StrictMode>
    <LocaleProvider>
      <App />
    </LocaleProvider>
  </StrictMode>,
)
