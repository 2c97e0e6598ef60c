import { MAX_GPU_LAYERS } from '../../../core/contract'
import type { Translate } from '../i18n/i18n'
import { useT } from '../i18n/i18n'

export interface ChatGpuDraft {
  chat: boolean
  system: string
  gpuLayers: string
}

export const DEFAULT_CHAT_GPU: ChatGpuDraft = { chat: true, system: '', gpuLayers: 'auto' }

/**
 * The request's chat and GPU fields; an error message instead when the GPU layers are not a setting.
 * For a model without a chat template nothing of chat is sent: the box is off and the prompt goes as it is.
 */
export function chatGpuRequest(
  d: ChatGpuDraft,
  t: Translate,
  chatTemplate: boolean,
): { chat?: false; system?: string; gpuLayers?: number } | string {
  const layers = d.gpuLayers.trim()
  const n = Number(layers)
  if (layers !== 'auto' && (layers === '' || !Number.isInteger(n) || n < 0 || n > MAX_GPU_LAYERS))
    return t('chat.gpuLayersError', { value: d.gpuLayers, max: MAX_GPU_LAYERS })
  return {
    // Left out, chat is on exactly for models with a template.
    ...(d.chat || !chatTemplate ? {} : { chat: false as const }),
    ...(d.chat && chatTemplate && d.system.trim() ? { system: d.system } : {}),
    ...(layers === 'auto' ? {} : { gpuLayers: n }),
  }
}

/**
 * "As chat" with its system prompt, and the GPU layers: the options of GGUF models. For a model
 * without a chat template the box is off and disabled, and one line says why.
 */
export function ChatGpuFields({
  value,
  onChange,
  chatTemplate,
}: {
  value: ChatGpuDraft
  onChange: (d: ChatGpuDraft) => void
  chatTemplate: boolean
}) {
  const t = useT()
  return (
    <>
      <label title={t('chat.asChatTitle')} className={chatTemplate ? undefined : 'chat-off'}>
        <input
          type="checkbox"
          disabled={!chatTemplate}
          checked={chatTemplate && value.chat}
          onChange={(e) => onChange({ ...value, chat: e.target.checked })}
        />{' '}
        {t('chat.asChat')}
      </label>
      {!chatTemplate && <span className="chat-none">{t('chat.noTemplate')}</span>}
      {chatTemplate && value.chat && (
        <label className="grow">
          {t('chat.system')}
          <input
            aria-label={t('chat.systemAria')}
            value={value.system}
            onChange={(e) => onChange({ ...value, system: e.target.value })}
          />
        </label>
      )}
      <label title={t('chat.gpuLayersTitle')}>
        {t('chat.gpuLayers')}
        <input
          aria-label={t('chat.gpuLayersAria')}
          size={4}
          value={value.gpuLayers}
          onChange={(e) => onChange({ ...value, gpuLayers: e.target.value })}
        />
      </label>
    </>
  )
}
