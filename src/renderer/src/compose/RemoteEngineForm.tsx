import { useState } from 'react'
import { lab } from '../api/client'
import { userError } from '../app/user-error'
import { useT } from '../i18n/i18n'

type Api = '' | 'openai' | 'llama-server'

/** Registers a remote engine (llama-server, vLLM, any OpenAI-compatible server) as a model. */
export function RemoteEngineForm({ onAdded }: { onAdded: (id: string) => Promise<void> }) {
  const t = useT()
  const [form, setForm] = useState({
    name: '',
    url: 'http://127.0.0.1:8080',
    model: '',
    api: '' as Api,
    apiKeyEnv: '',
    apiKey: '',
  })
  const [state, setState] = useState<{ busy: boolean; error: string; done: string }>({
    busy: false,
    error: '',
    done: '',
  })
  const field = (key: 'name' | 'url' | 'model' | 'apiKeyEnv' | 'apiKey', label: string, placeholder = '') => (
    <label>
      {label}
      <input
        aria-label={label}
        type={key === 'apiKey' ? 'password' : 'text'}
        autoComplete="off"
        value={form[key]}
        placeholder={placeholder}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      />
    </label>
  )
  const add = async (): Promise<void> => {
    setState({ busy: true, error: '', done: '' })
    try {
      const added = await lab.invoke('models.addRemote', {
        name: form.name.trim(),
        url: form.url.trim(),
        model: form.model.trim(),
        api: form.api || undefined,
        apiKeyEnv: form.apiKeyEnv.trim() || undefined,
        apiKey: form.apiKey || undefined,
      })
      setState({
        busy: false,
        error: '',
        done: t('remote.added', { id: added.model.id, api: added.api, vocab: added.vocabSize || '?' }),
      })
      setForm((f) => ({ ...f, apiKey: '' }))
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
        <label>
          {t('remote.api')}
          <select
            aria-label={t('remote.api')}
            value={form.api}
            onChange={(e) => setForm({ ...form, api: e.target.value as Api })}
          >
            <option value="">{t('remote.api.detect')}</option>
            <option value="openai">{t('remote.api.openai')}</option>
            <option value="llama-server">{t('remote.api.llama')}</option>
          </select>
        </label>
        {field('apiKeyEnv', t('remote.keyEnv'), 'DECODING_LAB_ENGINE_KEY')}
        {field('apiKey', t('remote.key'))}
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
