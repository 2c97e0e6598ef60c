import { typedBridge, type LabBridge } from '../../../core/contract'
import { rawBridge } from './raw-transport'

/** The contract, over Electron IPC in the desktop window and over HTTP in browser mode. */
export const lab: LabBridge = typedBridge(rawBridge())
