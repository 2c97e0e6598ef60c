import { useState } from 'react'
import { lab } from '../api/client'
import { userError } from '../app/user-error'
import { useT } from '../i18n/i18n'

/**
 * Points the app at a model file the user already has (a GGUF, a table or an n-gram file): by
 * path, or with the desktop app's open dialog. The main process checks it and remembers it.
 */
export function ModelFileOpener({ onOpened }: { onOpened: (path: string) => Promise<void> }) {
  const t = useT()
  const [path, setPath] = useState('')
  const [error, setError] = useState('')
  const desktop = window.decodingLab !== undefined

  const use = async (file: string): Promise<void> => {
    setError('')
    try {
      const opened = await lab.invoke('models.openFile', { path: file })
      setPath('')
      await onOpened(opened.path)
    } catch (e) {
      setError(userError(e, t))
    }
  }
  const browse = async (): Promise<void> => {
    setError('')
    try {
      const picked = await lab.invoke('models.pickFile', {})
      if (picked.path) await onOpened(picked.path)
    } catch (e) {
      setError(userError(e, t))
    }
  }

  return (
    <details className="model-file">
      <summary>{t('modelFile.summary')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (path.trim()) void use(path.trim())
        }}
      >
        <label className="grow">
          {t('modelFile.path')}
          <input
            aria-label={t('modelFile.path')}
            value={path}
            placeholder="/home/me/models/model.gguf"
            onChange={(e) => setPath(e.target.value)}
          />
        </label>
        <button type="submit" disabled={path.trim() === ''}>
          {t('modelFile.open')}
        </button>
        {desktop && (
          <button type="button" onClick={() => void browse()}>
            {t('modelFile.browse')}
          </button>
        )}
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </details>
  )
}
