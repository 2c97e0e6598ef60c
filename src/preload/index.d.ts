import type { RawBridge } from '../core/contract'

/** What the preload script exposes to the page. */
export interface DecodingLabBridge {
  /** The app's version, from package.json. */
  readonly version: string
  /** The contract over Electron IPC. */
  readonly transport: RawBridge
}

declare global {
  interface Window {
    /** Present in the desktop window; absent when the renderer is served to a browser. */
    readonly decodingLab?: DecodingLabBridge
  }
}
