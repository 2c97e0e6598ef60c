import { useState } from 'react'
import { MAX_SWEEP_PROMPTS, MAX_TOKENS, type RequestPayload } from '../../../core/contract'
import { ModelOptions } from '../compose/ModelOptions'
import type { ModelList } from '../compose/use-models'
import { useLocale } from '../i18n/i18n'
import { promptsFromText } from '../../../core/sweep/prompts-text'

export type SweepRequest = RequestPayload<'sweep.start'>

interface Props {
  models: ModelList
  busy: boolean
  onStart: (request: SweepRequest) => void
  /** The open experiment's prompt: a sweep without a prompts file runs on it (or on the one typed). */
  currentPrompt: string | null
}

type Prompts = { file: string; prompts: string[] } | null

/** Model, prompts file, strategy, grid and max tokens of a sweep. */
export function SweepForm({ models, busy, onStart, currentPrompt }: Props) {
  const { t, locale } = useLocale()
  const [model, setModel] = useState('seed-weather')
  const [prompts, setPrompts] = useState<Prompts>(null)
  const [strategy, setStrategy] = useState('nucleus')
  const [grid, setGrid] = useState('')
  const [maxTokens, setMaxTokens] = useState('32')
  const [seeds, setSeeds] = useState('')
  const [problem, setProblem] = useState('')
  const [typed, setTyped] = useState<string | null>(null)
  const single = typed ?? currentPrompt ?? ''

  const pick = async (file: File | undefined): Promise<void> => {
    setProblem('')
    setPrompts(null)
    if (!file) return
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer())
    } catch (e) {
      return setProblem(
        e instanceof TypeError
          ? t('sweep.notUtf8', { file: file.name })
          : t('sweep.readError', { file: file.name, error: (e as Error).message }),
      )
    }
    const lines = promptsFromText(text)
    if (lines.length > MAX_SWEEP_PROMPTS)
      return setProblem(
        t('sweep.tooManyPrompts', {
          count: lines.length.toLocaleString(locale),
          max: MAX_SWEEP_PROMPTS.toLocaleString(locale),
        }),
      )
    setPrompts({ file: file.name, prompts: lines })
  }

  const submit = (e: React.FormEvent): void => {
    e.preventDefault()
    const max = Number(maxTokens)
    if (!Number.isInteger(max) || max < 0 || max > MAX_TOKENS) return setProblem(t('sweep.badMaxTokens'))
    const seedCount = seeds.trim() === '' ? undefined : Number(seeds)
    if (seedCount !== undefined && (!Number.isInteger(seedCount) || seedCount < 1 || seedCount > 1000))
      return setProblem(t('sweep.badSeeds'))
    // A file's prompts, else the one prompt in the field (the open experiment's unless retyped).
    const list = prompts ? prompts.prompts : single !== '' || currentPrompt !== null ? [single] : []
    if (list.length === 0) return setProblem(t('sweep.needPrompts'))
    setProblem('')
    onStart({
      model,
      prompts: list,
      strategy: strategy.trim(),
      grid,
      ...(seedCount !== undefined ? { seeds: seedCount } : {}),
      maxTokens: max,
      topN: 10,
    })
  }

  return (
    <form className="compose sweep-form" onSubmit={submit}>
      <label>
        {t('sweep.model')}
        <select aria-label={t('sweep.modelAria')} value={model} onChange={(e) => setModel(e.target.value)}>
          <ModelOptions models={models} />
        </select>
      </label>
      <label className="file-pick">
        {t('sweep.promptsFile')}
        <input
          type="file"
          className="visually-hidden"
          accept=".txt,text/plain"
          aria-label={t('sweep.promptsFileAria')}
          onChange={(e) => void pick(e.target.files?.[0])}
        />
        <span className="file-row" aria-hidden="true">
          <span className="button-like">{t('sweep.choose')}</span>
          <span className="file-name">
            {prompts
              ? `${prompts.file} (${t('sweep.promptCount', { count: prompts.prompts.length })})`
              : t('sweep.noFile')}
          </span>
        </span>
      </label>
      {!prompts && (
        <label>
          {t('sweep.singlePrompt')}
          <input
            aria-label={t('sweep.singlePromptAria')}
            value={single}
            placeholder={t('sweep.singlePromptPlaceholder')}
            onChange={(e) => setTyped(e.target.value)}
          />
        </label>
      )}
      <label>
        {t('sweep.strategy')}
        <input
          aria-label={t('sweep.strategyAria')}
          value={strategy}
          maxLength={1000}
          onChange={(e) => setStrategy(e.target.value)}
        />
      </label>
      <label className="grow">
        {t('sweep.grid')}
        <input
          aria-label={t('sweep.gridAria')}
          value={grid}
          maxLength={10_000}
          placeholder={t('sweep.gridPlaceholder')}
          onChange={(e) => setGrid(e.target.value)}
        />
      </label>
      <label>
        {t('sweep.seeds')}
        <input
          aria-label={t('sweep.seedsAria')}
          size={4}
          inputMode="numeric"
          value={seeds}
          placeholder={t('sweep.seedsPlaceholder')}
          onChange={(e) => setSeeds(e.target.value)}
        />
      </label>
      <label>
        {t('sweep.maxTokens')}
        <input
          aria-label={t('sweep.maxTokensAria')}
          size={5}
          inputMode="numeric"
          value={maxTokens}
          onChange={(e) => setMaxTokens(e.target.value)}
        />
      </label>
      <button type="submit" className="primary" disabled={busy}>
        {t('sweep.start')}
      </button>
      <p className="hint">{t('sweep.gridHint')}</p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </form>
  )
}
