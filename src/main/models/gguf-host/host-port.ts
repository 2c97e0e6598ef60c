import type { FromHost, ToHost } from './host-protocol'

/** The host's side of its channel to the parent: a Node child process's IPC, or an Electron utility process's parentPort. */
export interface HostPort {
  send(message: FromHost): void
  onMessage(listener: (message: ToHost) => void): void
}

interface ElectronParentPort {
  postMessage(message: unknown): void
  on(event: 'message', listener: (event: { data: unknown }) => void): void
}

export function hostPort(): HostPort {
  const electron = (process as { parentPort?: ElectronParentPort }).parentPort
  if (electron) {
    return {
      send: (m) => electron.postMessage(m),
      onMessage: (listener) => electron.on('message', (e) => listener(e.data as ToHost)),
    }
  }
  const send = process.send?.bind(process)
  if (!send) throw new Error('the model host must run as a child process (child_process.fork or utilityProcess.fork)')
  // An orphaned host (its parent killed) ends instead of holding the model's memory.
  process.on('disconnect', () => process.exit(0))
  return { send: (m) => void send(m), onMessage: (listener) => process.on('message', (m) => listener(m as ToHost)) }
}
