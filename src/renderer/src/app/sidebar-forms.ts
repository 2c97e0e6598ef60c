// The sidebar's forms, one chunk fetched after the first render (see Sidebar's loadForms).
export { ComposeForm } from '../compose/ComposeForm'
export { ScoreForm } from '../compose/ScoreForm'
