import { useRef, useState } from 'react'
import { MAX_REPORT_BYTES } from '../../../core/contract'
import { lab } from '../api/client'
import { useT } from '../i18n/i18n'

/** Opens a JSON report from another Decoding Lab; nothing already here is overwritten. */
export function ImportButton({ onImported }: { onImported: (experimentId: number) => void }) {
  const t = useT()
  const input = useRef<HTMLInputElement>(null)
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null)
  const pick = async (file: File | undefined): Promise<void> => {
    if (!file) return
    setMessage(null)
    try {
      if (file.size > MAX_REPORT_BYTES) throw new Error(t('import.tooLarge', { name: file.name }))
      const outcome = await lab.invoke('report.import', { fileName: file.name, text: await file.text() })
      setMessage({
        error: false,
        text: t(outcome.created ? 'import.created' : 'import.known', { runs: outcome.runIds.length }),
      })
      onImported(outcome.experimentId)
    } catch (e) {
      setMessage({ error: true, text: (e as Error).message })
    } finally {
      if (input.current) input.current.value = ''
    }
  }
  return (
    <span className="import">
      <label className="file-pick">
        {t('import.label')}
        {/* The native picker's own text ("Choose File") follows the browser's language, not the app's. */}
        <input
          ref={input}
          type="file"
          className="visually-hidden"
          accept=".json,application/json"
          aria-label={t('import.label')}
          onChange={(e) => void pick(e.target.files?.[0])}
        />
        <span className="button-like" aria-hidden="true">
          {t('import.choose')}
        </span>
      </label>
      {message && (
        <span role={message.error ? 'alert' : 'status'} className={message.error ? 'error' : 'note'}>
          {message.text}
        </span>
      )}
    </span>
  )
}
