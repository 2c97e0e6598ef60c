import { useState } from 'react'
import type { RequestPayload } from '../../../core/contract'
import { lab } from '../api/client'
import { useLocale, useT, type MessageKey } from '../i18n/i18n'
import { downloadFiles } from './download'

type Format = RequestPayload<'report.export'>['format']
const FORMATS: { format: Format; label: MessageKey }[] = [
  { format: 'html', label: 'export.html' },
  { format: 'pdf', label: 'export.pdf' },
  { format: 'json', label: 'export.json' },
  { format: 'csv', label: 'export.csv' },
  { format: 'dot', label: 'export.dot' },
]

/** Export a run or a whole experiment as a report or as data. */
export function ExportMenu({ target, label }: { target: RequestPayload<'report.export'>['target']; label: string }) {
  const t = useT()
  const { locale } = useLocale()
  const [busy, setBusy] = useState<Format | null>(null)
  const [error, setError] = useState('')
  const save = async (format: Format): Promise<void> => {
    setBusy(format)
    setError('')
    try {
      downloadFiles((await lab.invoke('report.export', { target, format, locale })).files)
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(null)
    }
  }
  return (
    <details className="export-menu">
      <summary>{label}</summary>
      <div role="menu" aria-label={label}>
        {FORMATS.map(({ format, label: key }) => (
          <button key={format} type="button" role="menuitem" disabled={busy !== null} onClick={() => void save(format)}>
            {busy === format ? t('export.busy') : t(key)}
          </button>
        ))}
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </details>
  )
}
