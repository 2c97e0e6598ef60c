import { useState } from 'react'
import { lab } from '../api/client'
import { userError } from '../app/user-error'
import { useT } from '../i18n/i18n'

/** Registers a llama-server engine as a model; the API key stays in an environment variable of the app. */
export function RemoteEngineForm({ onAdded }: { onAdded: (id: string) => Promise<void> }) {
  const t = useT()
  const [form, setForm] = useState({ name: '', url: 'http://127.0.0.1:8080', model: '', apiKeyEnv: '' })
  const [state, setState] = useState<{ busy: boolean; error: string; done: string }>({ busy: false, error: '', done: '' })
  const field = (key: keyof typeof form, label: string, placeholder = '') => (
    <label>
      {label}
      <input aria-label={label} value={form[key]} placeholder={placeholder} onChange={(e) => setForm({ ...form, [key]: e.target.value })} />
    </label>
  )
  const add = async (): Promise<void> => {
    setState({ busy: true, error: '', done: '' })
    try {
      const added = await lab.invoke('models.addRemote', { name: form.name.trim(), url: form.url.trim(), model: form.model.trim(), apiKeyEnv: form.apiKeyEnv.trim() || undefined })
      setState({ busy: false, error: '', done: t('remote.added', { id: added.model.id, vocab: added.vocabSize }) })
      await onAdded(added.model.id)
    } catch (e) {
      setState({ busy: false, error: userError(e, t), done: '' })
    }
  }
  return (
    <details className="remote-engine">
      <summary>{t('remote.summary')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void add()
        }}
      >
        {field('name', t('remote.name'), 'my-engine')}
        {field('url', t('remote.url'))}
        {field('model', t('remote.model'), 'default')}
        {field('apiKeyEnv', t('remote.keyEnv'), 'DECODING_LAB_ENGINE_KEY')}
        <button type="submit" disabled={state.busy || !form.name.trim() || !form.url.trim() || !form.model.trim()}>
          {state.busy ? t('remote.checking') : t('remote.add')}
        </button>
      </form>
      <p className="hint">{t('remote.hint')}</p>
      {state.error && (
        <p role="alert" className="error">
          {state.error}
        </p>
      )}
      {state.done && <p role="status">{state.done}</p>}
    </details>
  )
}
