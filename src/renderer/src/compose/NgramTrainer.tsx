import { useState } from 'react'
import { MAX_TRAINING_TEXT } from '../../../core/contract'
import { lab } from '../api/client'
import { userError } from '../app/user-error'
import { useLocale } from '../i18n/i18n'
import { decodeTrainingText, modelNameFromFile, parseOrder, tooLargeToRead } from './training-text'

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy'; file: string }
  | { kind: 'done'; message: string }
  | { kind: 'error'; message: string }

/** Trains an n-gram model on a picked text file in the main process, then hands its id to the form. */
export function NgramTrainer({ onTrained }: { onTrained: (modelId: string) => Promise<void> }) {
  const { t, locale } = useLocale()
  const [file, setFile] = useState<File | null>(null)
  const [name, setName] = useState('')
  const [order, setOrder] = useState('3')
  const [unit, setUnit] = useState<'char' | 'word'>('char')
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' })

  const pick = (picked: File | null): void => {
    setFile(picked)
    setOutcome({ kind: 'idle' })
    if (picked) setName(modelNameFromFile(picked.name))
  }

  const train = async (): Promise<void> => {
    if (!file) return setOutcome({ kind: 'error', message: t('ngram.noFile') })
    if (name.trim() === '') return setOutcome({ kind: 'error', message: t('ngram.noName') })
    const n = parseOrder(order)
    if (n === null) return setOutcome({ kind: 'error', message: t('ngram.orderError', { value: order }) })
    const tooLarge = t('ngram.tooLarge', { file: file.name, max: MAX_TRAINING_TEXT.toLocaleString(locale) })
    if (tooLargeToRead(file.size)) return setOutcome({ kind: 'error', message: tooLarge })
    setOutcome({ kind: 'busy', file: file.name })
    let bytes: Uint8Array
    try {
      bytes = new Uint8Array(await file.arrayBuffer())
    } catch (e) {
      return setOutcome({
        kind: 'error',
        message: t('ngram.readError', { file: file.name, error: (e as Error).message }),
      })
    }
    const decoded = decodeTrainingText(bytes)
    if (!decoded.ok)
      return setOutcome({
        kind: 'error',
        message: decoded.problem === 'not-utf8' ? t('ngram.notUtf8', { file: file.name }) : tooLarge,
      })
    try {
      const { model, replaced } = await lab.invoke('models.addNgram', {
        name,
        order: n,
        unit,
        fileName: file.name,
        text: decoded.text,
      })
      await onTrained(model.id)
      setOutcome({
        kind: 'done',
        message: t(replaced ? 'ngram.replaced' : 'ngram.trained', { name: model.id, description: model.description }),
      })
    } catch (e) {
      setOutcome({ kind: 'error', message: userError(e, t) })
    }
  }

  const busy = outcome.kind === 'busy'
  return (
    <details className="ngram">
      <summary>{t('ngram.title')}</summary>
      <p className="hint">{t('ngram.hint')}</p>
      <div className="ngram-fields">
        <label className="file-pick">
          {t('ngram.file')}
          {/* The native picker's own text ("Choose File") follows the browser's language, not the app's. */}
          <input
            type="file"
            className="visually-hidden"
            accept=".txt,.md,.csv,.tsv,text/plain"
            aria-label={t('ngram.fileAria')}
            onChange={(e) => pick(e.target.files?.[0] ?? null)}
          />
          <span className="file-row" aria-hidden="true">
            <span className="button-like">{t('ngram.choose')}</span>
            <span className="file-name">{file?.name ?? t('ngram.noFileChosen')}</span>
          </span>
        </label>
        <label>
          {t('ngram.name')}
          <input
            aria-label={t('ngram.nameAria')}
            value={name}
            maxLength={100}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label>
          {t('ngram.order')}
          <input
            aria-label={t('ngram.orderAria')}
            size={3}
            inputMode="numeric"
            value={order}
            onChange={(e) => setOrder(e.target.value)}
          />
        </label>
        <label>
          {t('ngram.unit')}
          <select
            aria-label={t('ngram.unitAria')}
            value={unit}
            onChange={(e) => setUnit(e.target.value as 'char' | 'word')}
          >
            <option value="char">{t('ngram.unit.char')}</option>
            <option value="word">{t('ngram.unit.word')}</option>
          </select>
        </label>
        <button type="button" disabled={busy} onClick={() => void train()}>
          {t('ngram.train')}
        </button>
      </div>
      {outcome.kind === 'busy' && (
        <p role="status" className="hint">
          {t('ngram.training', { file: outcome.file })}
        </p>
      )}
      {outcome.kind === 'done' && (
        <p role="status" className="ok">
          {outcome.message}
        </p>
      )}
      {outcome.kind === 'error' && (
        <p role="alert" className="error">
          {outcome.message}
        </p>
      )}
    </details>
  )
}
