import { utilityProcess, type UtilityProcess } from 'electron'
import { BroadcastChannel } from 'node:worker_threads'
import { LineTail } from './host-channel'
import { type FromRelay, RELAY_CHANNEL, type ToRelay } from './relay-protocol'

/**
 * Electron's main thread: starts model hosts as utility processes for the decode worker and relays their
 * messages. `entry` is the built host (out/main/gguf-host.js). Returns a function that stops every host.
 */
export function relayModelHosts(entry: string): () => void {
  const channel = new BroadcastChannel(RELAY_CHANNEL)
  const hosts = new Map<string, UtilityProcess>()
  const post = (m: FromRelay): void => channel.postMessage(m)
  const spawn = (hostId: string): void => {
    let child: UtilityProcess
    try {
      child = utilityProcess.fork(entry, [], {
        serviceName: 'Decoding Lab model host',
        stdio: ['ignore', 'ignore', 'pipe'],
        // ggml's abort would first attach gdb for a backtrace.
        env: { ...process.env, GGML_NO_BACKTRACE: '1' },
      })
    } catch (err) {
      post({
        hostId,
        type: 'exit',
        exit: { code: null, signal: null, stderr: [`cannot start the model host: ${(err as Error).message}`] },
      })
      return
    }
    hosts.set(hostId, child)
    const stderr = new LineTail()
    const stderrDone = new Promise<void>((resolve) => {
      if (!child.stderr) return resolve()
      child.stderr.setEncoding('utf8')
      child.stderr.on('data', (chunk: string) => stderr.push(chunk))
      child.stderr.on('end', () => resolve())
    })
    child.on('message', (message) => post({ hostId, type: 'message', message }))
    child.on('exit', (code) => {
      hosts.delete(hostId)
      // The last stderr lines (llama.cpp's message) can arrive just after the exit.
      void Promise.race([stderrDone, new Promise((resolve) => setTimeout(resolve, 500))]).then(() =>
        post({ hostId, type: 'exit', exit: { code, signal: null, stderr: stderr.all } }),
      )
    })
  }
  channel.onmessage = (event) => {
    const m = (event as { data: ToRelay }).data
    if (m.type === 'spawn') spawn(m.hostId)
    else if (m.type === 'send') hosts.get(m.hostId)?.postMessage(m.message)
    else hosts.get(m.hostId)?.kill()
  }
  return () => {
    channel.close()
    for (const child of hosts.values()) child.kill()
    hosts.clear()
  }
}
