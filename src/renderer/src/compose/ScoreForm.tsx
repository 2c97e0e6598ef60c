import { useState } from 'react'
import type { RequestPayload } from '../../../core/contract'
import { useT } from '../i18n/i18n'
import type { ModelList } from './use-models'

interface Props {
  models: ModelList
  busy: boolean
  onScore: (request: RequestPayload<'score.start'>) => void
}

/** Paste a text and score it under a model; the result opens in the Text tab, saved as a `score` run. */
export function ScoreForm({ models, busy, onScore }: Props) {
  const t = useT()
  const [model, setModel] = useState('')
  const [text, setText] = useState('')
  const chosen = model || models.models[0]?.id || ''
  return (
    <form
      className="score-form"
      aria-label={t('score.title')}
      onSubmit={(e) => {
        e.preventDefault()
        if (chosen && text) onScore({ model: chosen, prompt: '', text, topN: 10 })
      }}
    >
      <label>
        {t('score.model')}{' '}
        <select aria-label={t('score.model')} value={chosen} onChange={(e) => setModel(e.target.value)}>
          {models.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.id}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('score.text')}
        <textarea aria-label={t('score.text')} value={text} rows={3} onChange={(e) => setText(e.target.value)} />
      </label>
      <button type="submit" disabled={busy || !chosen || !text}>
        {t('score.run')}
      </button>
    </form>
  )
}
