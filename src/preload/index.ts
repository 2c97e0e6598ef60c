import { contextBridge } from 'electron'
import { version } from '../../package.json'
import type { DecodingLabBridge } from './index.d'

// Runs sandboxed and isolated: the page sees only what is exposed here, as `window.decodingLab`.
const bridge: DecodingLabBridge = { version }

contextBridge.exposeInMainWorld('decodingLab', bridge)
