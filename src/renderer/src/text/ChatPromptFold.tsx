import type { RunDetail } from '../../../core/records'
import { useT } from '../i18n/i18n'

/** The chat prompt the model saw (a chat run's tree root holds it), folded: it is long and the same for every sequence. */
export function ChatPromptFold({ runs }: { runs: readonly RunDetail[] }) {
  const t = useT()
  const texts = [...new Set(runs.map((r) => (r.provenance?.chat ? (r.tree[0]?.text ?? '') : '')).filter(Boolean))]
  if (texts.length === 0) return null
  return (
    <details className="chat-prompt">
      <summary>{t('text.chatPrompt')}</summary>
      {texts.map((text) => (
        <pre key={text}>{text}</pre>
      ))}
    </details>
  )
}
