import { useEffect, useRef, useState } from 'react'
import type { RequestPayload } from '../../../core/contract'
import { lab } from '../api/client'
import { FIRST_EXPERIMENT, WELCOMED_KEY } from './first-run'

/**
 * On start: reopens the experiment the URL names, or, the first time the app is opened on an empty
 * database, starts the textbook experiment and says what it shows.
 */
export function useFirstRun(
  experimentId: number | null,
  open: (experimentId: number) => Promise<boolean>,
  start: (request: RequestPayload<'experiment.start'>) => Promise<void>,
  onGone: () => void,
): { welcome: boolean; dismiss: () => void } {
  const [welcome, setWelcome] = useState(false)
  const done = useRef(false)
  useEffect(() => {
    // Once per window, even where StrictMode runs effects twice.
    if (done.current) return
    done.current = true
    if (experimentId !== null) {
      void open(experimentId).then((ok) => ok || onGone())
      return
    }
    if (localStorage.getItem(WELCOMED_KEY)) return
    void lab.invoke('runs.list', { limit: 1, offset: 0 }).then(
      ({ total }) => {
        localStorage.setItem(WELCOMED_KEY, '1')
        if (total > 0) return
        setWelcome(true)
        void start(FIRST_EXPERIMENT)
      },
      () => undefined,
    )
  }, [experimentId, open, start, onGone])
  return { welcome, dismiss: () => setWelcome(false) }
}
