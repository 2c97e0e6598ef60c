import { typedBridge, type LabBridge } from '../../../core/contract'
import { rawTransport } from './transport'

/** The contract, over Electron IPC in the desktop window and over HTTP in browser mode. */
export const lab: LabBridge = typedBridge(rawTransport)
