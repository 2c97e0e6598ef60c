import { randomUUID } from 'node:crypto'
import { BroadcastChannel } from 'node:worker_threads'
import type { HostChannel, HostExit } from './host-channel'
import type { FromHost } from './host-protocol'
import { type FromRelay, RELAY_CHANNEL, type ToRelay } from './relay-protocol'

/** A model host started by Electron's main thread (a utility process) on behalf of this worker thread. */
export function relayHost(): HostChannel {
  const hostId = randomUUID()
  const channel = new BroadcastChannel(RELAY_CHANNEL)
  const messageListeners: ((m: FromHost) => void)[] = []
  const exitListeners: ((exit: HostExit) => void)[] = []
  let exited: HostExit | null = null
  const post = (m: ToRelay): void => channel.postMessage(m)
  channel.onmessage = (event) => {
    const m = (event as { data: FromRelay }).data
    if (m.hostId !== hostId) return
    if (m.type === 'message') for (const l of messageListeners) l(m.message)
    else {
      exited = m.exit
      channel.close()
      for (const l of exitListeners) l(m.exit)
    }
  }
  post({ hostId, type: 'spawn' })
  return {
    send: (message) => {
      if (!exited) post({ hostId, type: 'send', message })
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onExit: (listener) => (exited ? listener(exited) : void exitListeners.push(listener)),
    kill: () => {
      if (!exited) post({ hostId, type: 'kill' })
    },
    hold: (busy) => (busy ? channel.ref() : channel.unref()),
  }
}
