import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { askFirstPage } from './history/first-page'
import { LocaleProvider } from './i18n/i18n'
import './app.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

askFirstPage()
createRoot(root).render(
  <StrictMode>
    <LocaleProvider>
      <App />
    </LocaleProvider>
  </StrictMode>,
)
