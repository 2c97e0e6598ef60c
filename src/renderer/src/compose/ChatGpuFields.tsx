import { MAX_GPU_LAYERS } from '../../../core/contract'
import type { Translate } from '../i18n/i18n'
import { useT } from '../i18n/i18n'

export interface ChatGpuDraft {
  chat: boolean
  system: string
  gpuLayers: string
}

export const DEFAULT_CHAT_GPU: ChatGpuDraft = { chat: true, system: '', gpuLayers: 'auto' }

/** The request's chat and GPU fields; an error message instead when the GPU layers are not a setting. */
export function chatGpuRequest(d: ChatGpuDraft, t: Translate): { chat?: false; system?: string; gpuLayers?: number } | string {
  const layers = d.gpuLayers.trim()
  const n = Number(layers)
  if (layers !== 'auto' && (layers === '' || !Number.isInteger(n) || n < 0 || n > MAX_GPU_LAYERS)) return t('chat.gpuLayersError', { value: d.gpuLayers, max: MAX_GPU_LAYERS })
  return {
    // Left out, chat is on exactly for models with a template.
    ...(d.chat ? {} : { chat: false as const }),
    ...(d.chat && d.system.trim() ? { system: d.system } : {}),
    ...(layers === 'auto' ? {} : { gpuLayers: n }),
  }
}

/** "As chat" with its system prompt, and the GPU layers: the options of GGUF models. */
export function ChatGpuFields({ value, onChange }: { value: ChatGpuDraft; onChange: (d: ChatGpuDraft) => void }) {
  const t = useT()
  return (
    <>
      <label title={t('chat.asChatTitle')}>
        <input type="checkbox" checked={value.chat} onChange={(e) => onChange({ ...value, chat: e.target.checked })} /> {t('chat.asChat')}
      </label>
      {value.chat && (
        <label className="grow">
          {t('chat.system')}
          <input aria-label={t('chat.systemAria')} value={value.system} onChange={(e) => onChange({ ...value, system: e.target.value })} />
        </label>
      )}
      <label title={t('chat.gpuLayersTitle')}>
        {t('chat.gpuLayers')}
        <input aria-label={t('chat.gpuLayersAria')} size={4} value={value.gpuLayers} onChange={(e) => onChange({ ...value, gpuLayers: e.target.value })} />
      </label>
    </>
  )
}
