/** What is open in the window, kept in the URL's hash so that a reload returns to it. */

export const WORKSPACE_TABS = ['compare', 'text', 'tree', 'overlay', 'metrics', 'reproducibility'] as const
export type WorkspaceTab = (typeof WORKSPACE_TABS)[number]
export const VIEWS = ['experiment', 'sweeps', 'models'] as const
export type View = (typeof VIEWS)[number]

export interface OpenState {
  view: View
  experimentId: number | null
  tab: WorkspaceTab
  /** The run shown in the Tree tab. */
  runId: number | null
}

export const DEFAULT_STATE: OpenState = { view: 'experiment', experimentId: null, tab: 'compare', runId: null }

const id = (v: string | null): number | null => (v !== null && /^[1-9]\d{0,15}$/.test(v) ? Number(v) : null)
const oneOf = <T extends string>(values: readonly T[], v: string | null, fallback: T): T =>
  values.includes(v as T) ? (v as T) : fallback

/** Reads the state from a hash such as `#token=…&exp=3&tab=tree&run=5`; anything unknown falls back to the default. */
export function parseOpenState(hash: string): OpenState {
  const q = new URLSearchParams(hash.replace(/^#/, ''))
  return {
    view: oneOf(VIEWS, q.get('view'), DEFAULT_STATE.view),
    experimentId: id(q.get('exp')),
    tab: oneOf(WORKSPACE_TABS, q.get('tab'), DEFAULT_STATE.tab),
    runId: id(q.get('run')),
  }
}

/** The hash for a state; other keys already in the hash (the access token above all) are kept as they are. */
export function formatOpenState(hash: string, state: OpenState): string {
  const q = new URLSearchParams(hash.replace(/^#/, ''))
  const set = (key: string, value: string | null): void => (value === null ? q.delete(key) : q.set(key, value))
  set('view', state.view === DEFAULT_STATE.view ? null : state.view)
  set('exp', state.experimentId === null ? null : String(state.experimentId))
  set('tab', state.experimentId === null ? null : state.tab)
  set('run', state.runId === null ? null : String(state.runId))
  const text = q.toString()
  return text ? `#${text}` : ''
}
