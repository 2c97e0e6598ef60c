import { useCallback, useEffect, useState } from 'react'
import type { Discovery } from '../../../core/discovered-model'
import { lab } from '../api/client'
import { useT } from '../i18n/i18n'
import { userError } from './user-error'

const FOLDERS_KEY = 'decoding-lab-model-folders'

function savedFolders(): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(FOLDERS_KEY) ?? '[]')
    return Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string') : []
  } catch {
    return []
  }
}

export interface DiscoveryState {
  found: Discovery | null
  scanning: boolean
  error: string
  /** Folders the user added, kept in this browser profile. */
  folders: string[]
  scan: () => Promise<void>
  setFolders: (folders: string[]) => void
}

/** The model files on disk, listed by the main process (models.discover) when the view opens and whenever the folders change. */
export function useDiscovery(): DiscoveryState {
  const t = useT()
  const [folders, setFolderState] = useState(savedFolders)
  const [state, setState] = useState({ found: null as Discovery | null, scanning: false, error: '' })
  const scan = useCallback(async () => {
    setState((s) => ({ ...s, scanning: true }))
    try {
      setState({ found: await lab.invoke('models.discover', { folders }), scanning: false, error: '' })
    } catch (e) {
      setState((s) => ({ ...s, scanning: false, error: userError(e, t) }))
    }
  }, [folders, t])
  useEffect(() => {
    void scan()
  }, [scan])
  const setFolders = useCallback((next: string[]) => {
    localStorage.setItem(FOLDERS_KEY, JSON.stringify(next))
    setFolderState(next)
  }, [])
  return { ...state, folders, scan, setFolders }
}
