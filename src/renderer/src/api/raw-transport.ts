import type { EventChannel, RawBridge, RequestChannel } from '../../../core/contract'

// Types only from the contract: main.tsx asks with this before the app's code (boot.tsx) loads,
// and the contract's schemas, loaded with it, would hold that request back.

/** Browser mode: the contract over HTTP, with the token from the URL that `npm run web` printed. */
function httpTransport(token: string): RawBridge {
  let source: EventSource | null = null
  return {
    async invoke(channel: RequestChannel, payload: unknown) {
      const res = await fetch(`/api/${encodeURIComponent(channel)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-lab-token': token },
        body: JSON.stringify(payload),
      })
      if (res.status === 401)
        return {
          ok: false,
          kind: 'input',
          error: 'this page has no valid access token: open the URL that `npm run web` printed',
        }
      return res.json()
    },
    on(channel: EventChannel, listener) {
      source ??= new EventSource(`/api/events?token=${encodeURIComponent(token)}`)
      const handler = (e: MessageEvent<string>): void => {
        let payload: unknown
        try {
          payload = JSON.parse(e.data)
        } catch {
          return void console.warn(`a ${channel} event that is not JSON was dropped`)
        }
        listener(payload)
      }
      source.addEventListener(channel, handler)
      return () => source?.removeEventListener(channel, handler)
    },
  }
}

function tokenFromUrl(): string {
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token')
  // The hash keeps the token (url-state leaves it there); the copy is for a tab that lost its hash.
  // Written after start-up: a page's first touch of sessionStorage costs milliseconds.
  if (fromHash) {
    setTimeout(() => sessionStorage.setItem('decoding-lab-token', fromHash), 2000)
    return fromHash
  }
  return sessionStorage.getItem('decoding-lab-token') ?? ''
}

let bridge: RawBridge | null = null

/** The raw contract, over Electron IPC in the desktop window and over HTTP in browser mode; one per page. */
export function rawBridge(): RawBridge {
  return (bridge ??= window.decodingLab?.transport ?? httpTransport(tokenFromUrl()))
}
