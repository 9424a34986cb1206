import { BRIDGE_PATH, BRIDGE_TOKEN_PARAM, type BridgeMessage } from '../../src-shared/bridge-protocol'
import { fail, type Result } from '../../src-shared/errors'
import { STREAM_EVENT_CHANNEL } from '../../src-shared/contract'
import { ALL_STREAMS, type StreamEvent } from '../../src-shared/models/stream'
import type { BerthTransport } from '../../src-shared/transport'
import { decodeWire } from '../../src-shared/wire-codec'

const TOKEN_KEY = 'berth.bridgeToken'
const LOST = { code: 'ENGINE_UNREACHABLE', message: 'Lost the connection to Berth. Is `npm run serve` still running?' } as const

/**
 * Browser mode: the same transport over the loopback WebSocket bridge. It reconnects when the
 * socket drops, and fails the requests that were in flight so no caller waits forever.
 */
export function createWebSocketTransport(location: Location = window.location): BerthTransport {
  const token = readToken(location)
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_PATH}?${BRIDGE_TOKEN_PARAM}=${encodeURIComponent(token)}`
  const pending = new Map<number, (result: Result<unknown>) => void>()
  const listeners = new Map<string, Set<(event: StreamEvent) => void>>()
  let nextId = 1
  let socket: WebSocket | undefined
  let opened: Promise<WebSocket> | undefined

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened
    opened = new Promise((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.binaryType = 'arraybuffer'
      ws.onopen = () => {
        socket = ws
        resolve(ws)
      }
      ws.onmessage = (message) => {
        const data = decodeWire(message.data as string | ArrayBuffer) as BridgeMessage
        if (data.kind === 'result') {
          pending.get(data.id)?.(data.result)
          pending.delete(data.id)
        } else {
          listeners.get(data.channel)?.forEach((l) => l(data.event))
        }
      }
      ws.onclose = () => {
        socket = undefined
        opened = undefined
        for (const [id, settle] of pending) {
          settle(fail(LOST))
          pending.delete(id)
        }
        // Every stream died with the socket: say so to their owners, who may start them again.
        listeners.get(STREAM_EVENT_CHANNEL)?.forEach((l) => l({ streamId: ALL_STREAMS, type: 'end', error: LOST }))
        reject(new Error('closed'))
      }
    })
    opened.catch(() => undefined)
    return opened
  }

  return {
    async invoke(channel, args) {
      let ws: WebSocket
      try {
        ws = socket ?? (await connect())
      } catch {
        return fail({ code: 'ENGINE_UNREACHABLE', message: 'Cannot reach Berth at this address. Is `npm run serve` still running?' })
      }
      const id = nextId++
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, resolve)
        ws.send(JSON.stringify({ id, channel, args }))
      })
    },
    subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener)
      listeners.set(channel, set)
      void connect().catch(() => undefined)
      return () => set.delete(listener)
    },
  }
}

/** The token arrives once in the URL; it is kept for this tab so a reload still works. */
function readToken(location: Location): string {
  const fromUrl = new URLSearchParams(location.search).get(BRIDGE_TOKEN_PARAM)
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', location.pathname + location.hash)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? ''
}
