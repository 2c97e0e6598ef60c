import { typedBridge, type LabBridge, type RawBridge } from '../../../core/contract'
import { rawBridge } from './raw-transport'

/** The transport, picked on first use: a component can be imported (and rendered in a test) without a window. */
const raw: RawBridge = {
  invoke: (channel, payload) => rawBridge().invoke(channel, payload),
  on: (channel, listener) => rawBridge().on(channel, listener),
}

/** The contract, over Electron IPC in the desktop window and over HTTP in browser mode. */
export const lab: LabBridge = typedBridge(raw)
