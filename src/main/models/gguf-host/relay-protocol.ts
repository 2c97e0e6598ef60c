import type { HostExit } from './host-channel'
import type { FromHost, ToHost } from './host-protocol'

/**
 * In Electron the decode worker thread cannot start a utility process: it asks the main thread over this
 * BroadcastChannel, which starts the host and relays its messages both ways. Each host has its own id.
 */
export const RELAY_CHANNEL = 'decoding-lab:model-hosts'

export type ToRelay = { hostId: string } & ({ type: 'spawn' } | { type: 'send'; message: ToHost } | { type: 'kill' })

export type FromRelay = { hostId: string } & ({ type: 'message'; message: FromHost } | { type: 'exit'; exit: HostExit })
