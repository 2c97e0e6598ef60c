// The fuses a packaged Decoding Lab ships with: its Electron binary cannot be turned into a plain
// Node (ELECTRON_RUN_AS_NODE), take NODE_OPTIONS, or open an inspector from its command line.
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses'

export const FUSES = {
  version: FuseVersion.V1,
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
}

/** Flips the fuses of the Electron binary at `binary`, in place. */
export function applyFuses(binary) {
  return flipFuses(binary, FUSES)
}
