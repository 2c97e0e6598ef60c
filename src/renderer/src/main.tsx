// The page's entry, a few kilobytes: it asks for the history's first page before the app's code
// (boot.tsx) has loaded, so that the answer is there when React first draws the history.
import { askFirstPage } from './history/first-page'
import './app.css'

askFirstPage()
void import('./boot')
