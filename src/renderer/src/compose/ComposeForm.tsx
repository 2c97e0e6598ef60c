import { useEffect, useState, type KeyboardEvent } from 'react'
import type { StrategySpec } from '../../../core/strategy-spec'
import type { ModelInfo } from '../../../core/records'
import { lab } from '../api/client'
import { PRESETS, type StrategyDraft } from './presets'
import { StrategyList } from './StrategyList'
import { validateDrafts } from './validate'

export interface ComposeRequest {
  model: string
  prompt: string
  strategies: StrategySpec[]
  maxTokens: number
  topN: number
}

/** Model, prompt, strategies and limits; runs on the button or Ctrl+Enter. */
export function ComposeForm({ busy, onRun }: { busy: boolean; onRun: (r: ComposeRequest) => void }) {
  const [models, setModels] = useState<ModelInfo[]>([])
  const [recent, setRecent] = useState<string[]>([])
  const [model, setModel] = useState('seed-weather')
  const [prompt, setPrompt] = useState('')
  const [strategies, setStrategies] = useState<StrategyDraft[]>(PRESETS[0].make)
  const [maxTokens, setMaxTokens] = useState('32')
  const [topN, setTopN] = useState('10')
  const [errors, setErrors] = useState(new Map<number, string>())
  const [formError, setFormError] = useState('')

  useEffect(() => {
    lab.invoke('models.list', {}).then(
      (r) => {
        setModels(r.models)
        setRecent(r.recent)
      },
      (err: Error) => setFormError(err.message),
    )
  }, [])

  const submit = (): void => {
    const { specs, errors: found } = validateDrafts(strategies)
    setErrors(found)
    const max = Number(maxTokens)
    const top = Number(topN)
    if (!Number.isInteger(max) || max < 0) return setFormError(`max tokens must be a whole number >= 0, got "${maxTokens}"`)
    if (!Number.isInteger(top) || top < 1) return setFormError(`top-N must be a whole number >= 1, got "${topN}"`)
    setFormError('')
    if (found.size > 0) return
    onRun({ model, prompt, strategies: specs, maxTokens: max, topN: top })
  }
  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault()
      submit()
    }
  }

  return (
    <form
      className="compose"
      onKeyDown={onKeyDown}
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <label>
        Model
        <select aria-label="model" value={model} onChange={(e) => setModel(e.target.value)}>
          {models.map((m) => (
            <option key={m.id} value={m.id} title={m.description}>
              {m.id} ({m.kind})
            </option>
          ))}
          {recent.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <label>
        Prompt
        <input aria-label="prompt" value={prompt} onChange={(e) => setPrompt(e.target.value)} placeholder="(empty: start from BOS)" />
      </label>
      <div className="presets">
        Presets:
        {PRESETS.map((p) => (
          <button type="button" key={p.label} onClick={() => setStrategies(p.make())}>
            {p.label}
          </button>
        ))}
      </div>
      <StrategyList strategies={strategies} errors={errors} onChange={setStrategies} />
      <label>
        Max tokens
        <input aria-label="max tokens" size={4} value={maxTokens} onChange={(e) => setMaxTokens(e.target.value)} />
      </label>
      <label>
        Top-N
        <input aria-label="top-N" size={4} value={topN} onChange={(e) => setTopN(e.target.value)} />
      </label>
      <button type="submit" disabled={busy} title="Ctrl+Enter">
        Run
      </button>
      {formError && (
        <p role="alert" className="error">
          {formError}
        </p>
      )}
    </form>
  )
}
