import { useMemo, useState, type RefObject } from 'react'
import type { StrategySpec } from '../../../core/strategy-spec'
import { useT } from '../i18n/i18n'
import { ChatGpuFields, chatGpuRequest, DEFAULT_CHAT_GPU } from './ChatGpuFields'
import { ModelFileOpener } from './ModelFileOpener'
import { ModelOptions } from './ModelOptions'
import { NgramTrainer } from './NgramTrainer'
import { RemoteEngineForm } from './RemoteEngineForm'
import { PRESETS, type StrategyDraft } from './presets'
import { StrategyList } from './StrategyList'
import type { ModelList } from './use-models'
import { validateDrafts } from './validate'
import { MAX_TOKENS } from '../../../core/contract'

export interface ComposeRequest {
  model: string
  prompt: string
  strategies: StrategySpec[]
  maxTokens: number
  topN: number
  chat?: false
  system?: string
  gpuLayers?: number
  /** A GGUF model's context size; the model's default when absent. */
  contextSize?: number
}

/** What the form starts with when it is filled from elsewhere (the first run's next step). */
export interface ComposeDraft {
  model: string
  prompt: string
  maxTokens: string
  strategies: () => StrategyDraft[]
}

interface Props {
  initial?: ComposeDraft
  busy: boolean
  onRun: (r: ComposeRequest) => void
  models: ModelList
  /** The form, so that Ctrl+Enter anywhere in the window can submit it. */
  formRef: RefObject<HTMLFormElement | null>
}

/** Model, prompt, strategies and limits; runs on the button or Ctrl+Enter. */
export function ComposeForm({ initial, busy, onRun, models, formRef }: Props) {
  const t = useT()
  const [model, setModel] = useState(initial?.model ?? 'seed-weather')
  const [prompt, setPrompt] = useState(initial?.prompt ?? '')
  const [strategies, setStrategies] = useState<StrategyDraft[]>(initial?.strategies ?? PRESETS[0].make)
  const [maxTokens, setMaxTokens] = useState(initial?.maxTokens ?? '32')
  const [topN, setTopN] = useState('10')
  const [contextSize, setContextSize] = useState('')
  const [formError, setFormError] = useState('')
  const [chatGpu, setChatGpu] = useState(DEFAULT_CHAT_GPU)

  const chatTemplate = models.chatModels.includes(model)
  // Checked as the user types, so that a bad parameter is named before Run.
  const checked = useMemo(() => validateDrafts(strategies), [strategies])
  const errors = checked.errors

  const submit = (): void => {
    if (busy) return
    const { specs, errors: found } = checked
    const max = Number(maxTokens)
    const top = Number(topN)
    if (maxTokens.trim() === '' || !Number.isInteger(max) || max < 0 || max > MAX_TOKENS)
      return setFormError(t('compose.maxTokensError', { value: maxTokens }))
    if (topN.trim() === '' || !Number.isInteger(top) || top < 1 || top > 1000)
      return setFormError(t('compose.topNError', { value: topN }))
    const extra = chatGpuRequest(chatGpu, t, chatTemplate)
    if (typeof extra === 'string') return setFormError(extra)
    const ctx = Number(contextSize)
    if (contextSize.trim() !== '' && !(Number.isInteger(ctx) && ctx >= 1))
      return setFormError(t('compose.contextSizeError', { value: contextSize }))
    setFormError('')
    if (found.size > 0) return
    onRun({
      model,
      prompt,
      strategies: specs,
      maxTokens: max,
      topN: top,
      ...extra,
      ...(contextSize.trim() !== '' ? { contextSize: ctx } : {}),
    })
  }

  const noModels = models.loaded && !models.error && models.models.length === 0 && models.recent.length === 0

  return (
    <div className="compose-area">
      <form
        ref={formRef}
        className="compose"
        onSubmit={(e) => {
          e.preventDefault()
          submit()
        }}
      >
        <label>
          {t('compose.model')}
          <select aria-label={t('compose.modelAria')} value={model} onChange={(e) => setModel(e.target.value)}>
            <ModelOptions models={models} />
          </select>
        </label>
        <label className="grow">
          {t('compose.prompt')}
          <input
            aria-label={t('compose.promptAria')}
            value={prompt}
            onChange={(e) => setPrompt(e.target.value)}
            placeholder={t('compose.promptPlaceholder')}
          />
        </label>
        <label>
          {t('compose.maxTokens')}
          <input
            aria-label={t('compose.maxTokensAria')}
            size={4}
            inputMode="numeric"
            value={maxTokens}
            onChange={(e) => setMaxTokens(e.target.value)}
          />
        </label>
        <label>
          {t('compose.topN')}
          <input
            aria-label={t('compose.topNAria')}
            size={4}
            inputMode="numeric"
            value={topN}
            onChange={(e) => setTopN(e.target.value)}
          />
        </label>
        <ChatGpuFields value={chatGpu} onChange={setChatGpu} chatTemplate={chatTemplate} />
        <label title={t('compose.contextSizeTitle')}>
          {t('compose.contextSize')}
          <input
            aria-label={t('compose.contextSizeAria')}
            size={6}
            inputMode="numeric"
            placeholder={t('compose.contextSizeDefault')}
            value={contextSize}
            onChange={(e) => setContextSize(e.target.value)}
          />
        </label>
        <div className="presets">
          {t('compose.presets')}
          {PRESETS.map((p) => (
            <button type="button" key={p.label} onClick={() => setStrategies(p.make())}>
              {t(p.label)}
            </button>
          ))}
        </div>
        <StrategyList strategies={strategies} errors={errors} onChange={setStrategies} />
        <button
          type="submit"
          className="primary"
          disabled={busy}
          title={t('compose.runTitle')}
          aria-keyshortcuts="Control+Enter Meta+Enter"
        >
          {t('compose.run')}
        </button>
        {models.error && (
          <p role="alert" className="error">
            {t('compose.modelsError', { error: models.error })}
          </p>
        )}
        {noModels && <p className="empty">{t('compose.noModels')}</p>}
        {formError && (
          <p role="alert" className="error">
            {formError}
          </p>
        )}
      </form>
      <ModelFileOpener
        onOpened={async (path) => {
          await models.reload()
          setModel(path)
        }}
      />
      <RemoteEngineForm
        onAdded={async (id) => {
          await models.reload()
          setModel(id)
        }}
      />
      <NgramTrainer
        onTrained={async (id) => {
          await models.reload()
          setModel(id)
        }}
      />
    </div>
  )
}
