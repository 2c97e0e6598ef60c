import { ipcMain, type WebContents } from 'electron'
import { EVENT_IPC_CHANNEL, parseEvent, REQUEST_CHANNELS, type EventChannel, type LabApi } from '../../core/contract'
import { dispatch, type Envelope } from './dispatch'

/**
 * Binds every contract request to ipcMain. Only frames of the app's own page may call; the
 * payload is validated by `dispatch` before the service sees it.
 */
export function bindContract(api: LabApi, isTrustedUrl: (url: string) => boolean): void {
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, async (event, payload: unknown): Promise<Envelope> => {
      const url = event.senderFrame?.url ?? ''
      if (!isTrustedUrl(url))
        return { ok: false, kind: 'input', error: `request from an untrusted page refused: ${url}` }
      return dispatch(api, channel, payload)
    })
  }
}

export function eventSender(contents: () => WebContents | null) {
  return (channel: string, payload: unknown): void => {
    const target = contents()
    const event = parseEvent(channel as EventChannel, payload)
    if (!event.ok) return void console.error(event.error)
    if (target && !target.isDestroyed()) target.send(EVENT_IPC_CHANNEL, channel, event.payload)
  }
}
