import { useCallback, useEffect, useState } from 'react'
import type { ModelInfo } from '../../../core/records'
import { lab } from '../api/client'
import { useT } from '../i18n/i18n'
import { userError } from '../app/user-error'

export interface ModelList {
  models: ModelInfo[]
  /** Model files used before, by path. */
  recent: string[]
  /** The ids and recent files whose model has a chat template. */
  chatModels: string[]
  loaded: boolean
  error: string
  reload: () => Promise<void>
}

/** The models the main process knows, shared by the compose form and the history filters. */
export function useModels(): ModelList {
  const t = useT()
  const [state, setState] = useState({
    models: [] as ModelInfo[],
    recent: [] as string[],
    chatModels: [] as string[],
    loaded: false,
    error: '',
  })
  const reload = useCallback(async () => {
    try {
      const r = await lab.invoke('models.list', {})
      setState({ models: r.models, recent: r.recent, chatModels: r.chatModels, loaded: true, error: '' })
    } catch (e) {
      setState((s) => ({ ...s, loaded: true, error: userError(e, t) }))
    }
  }, [t])
  useEffect(() => {
    void reload()
  }, [reload])
  return { ...state, reload }
}
