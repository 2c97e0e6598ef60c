import { contextBridge, ipcRenderer } from 'electron'
import { version } from '../../package.json'
import {
  EVENT_CHANNELS,
  EVENT_IPC_CHANNEL,
  isRequestChannel,
  type EventChannel,
  type RawBridge,
} from '../core/contract'
import type { DecodingLabBridge } from './index.d'

// Runs sandboxed and isolated: the page sees only the contract's channels, as `window.decodingLab`.

const transport: RawBridge = {
  invoke(channel, payload) {
    if (!isRequestChannel(channel))
      return Promise.resolve({ ok: false, kind: 'input', error: `unknown request "${String(channel)}"` })
    return ipcRenderer.invoke(channel, payload)
  },
  on(channel: EventChannel, listener) {
    if (!EVENT_CHANNELS.includes(channel)) return () => {}
    const handler = (_event: unknown, name: string, payload: unknown): void => {
      if (name === channel) listener(payload)
    }
    ipcRenderer.on(EVENT_IPC_CHANNEL, handler)
    return () => ipcRenderer.off(EVENT_IPC_CHANNEL, handler)
  },
}

const bridge: DecodingLabBridge = { version, transport }

contextBridge.exposeInMainWorld('decodingLab', bridge)
