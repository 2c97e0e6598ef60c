import { useCallback, useEffect, useState } from 'react'
import { formatOpenState, parseOpenState, type OpenState } from './url-state'

/** The desktop window has no address bar to reload from: it keeps the state between restarts here. */
const SAVED = 'decoding-lab-open-state'
const desktop = (): boolean => window.decodingLab !== undefined

function initial(): OpenState {
  const fromUrl = parseOpenState(window.location.hash)
  if (fromUrl.experimentId !== null || !desktop()) return fromUrl
  return parseOpenState(localStorage.getItem(SAVED) ?? '')
}

/** What is open (view, experiment, tab, run), mirrored into the URL hash without adding history entries. */
export function useOpenState(): [OpenState, (change: Partial<OpenState>) => void] {
  const [state, setState] = useState<OpenState>(initial)
  useEffect(() => {
    const hash = formatOpenState(window.location.hash, state)
    if (hash !== window.location.hash)
      window.history.replaceState(null, '', `${window.location.pathname}${window.location.search}${hash}`)
    if (desktop()) localStorage.setItem(SAVED, formatOpenState('', state))
  }, [state])
  const update = useCallback((change: Partial<OpenState>) => setState((s) => ({ ...s, ...change })), [])
  return [state, update]
}
