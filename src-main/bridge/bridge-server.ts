import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { BRIDGE_PATH, BridgeRequest, type BridgeMessage } from '../../src-shared/bridge-protocol'
import { INVOKE_CHANNELS, STREAM_EVENT_CHANNEL } from '../../src-shared/contract'
import { encodeWire } from '../../src-shared/wire-codec'
import { fail } from '../../src-shared/errors'
import type { Logger } from '../platform/logger'
import type { Router, RouterClient } from '../rpc/router'
import { checkRequest, newToken, TOKEN_COOKIE } from './bridge-auth'
import { readStaticFile } from './static-files'

export interface BridgeServerOptions {
  router: Router
  /** The built renderer (out/renderer). */
  staticDir: string
  /** 0 picks any free port. */
  port: number
  logger: Logger
  token?: string
}

export interface BridgeServer {
  /** The address to open, token included. */
  url: string
  port: number
  token: string
  /** How many pages are connected now; leak tests read it. */
  readonly clientCount: number
  close(): Promise<void>
}

// The page's own policy; connect-src names this server only.
const csp = (port: number) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ')

const MAX_MESSAGE_BYTES = 1024 * 1024

/**
 * Browser mode's transport: serves the built renderer and carries the contract over a WebSocket,
 * on 127.0.0.1 only, to a page that holds this run's token and comes from this server's origin.
 */
export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const token = options.token ?? newToken()
  const { router, logger } = options
  const sockets = new Set<WebSocket>()
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  let port = options.port

  const server = createServer((request, response) => {
    handleHttp(request, response).catch((error: unknown) => {
      logger.error('bridge: request failed', error)
      if (!response.headersSent) response.writeHead(500)
      response.end()
    })
  })

  const handleHttp = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const verdict = checkRequest(request, { token, port }, { requireOrigin: false })
    if (!verdict.ok) return refuseHttp(response, verdict.status, verdict.reason)
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuseHttp(response, 405, 'Method not allowed')
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    const file = await readStaticFile(options.staticDir, path)
    if (!file) return refuseHttp(response, 404, 'Not found')
    const headers: Record<string, string | string[]> = {
      'Content-Type': file.contentType,
      'Content-Security-Policy': csp(port),
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    }
    // The page's assets load without the token in their URLs: the cookie carries it, to this origin only.
    if (verdict.tokenFromQuery) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`
    response.writeHead(200, headers)
    response.end(request.method === 'HEAD' ? undefined : file.body)
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname
    if (path !== BRIDGE_PATH) return refuseUpgrade(socket, 404, 'Not found')
    const verdict = checkRequest(request, { token, port }, { requireOrigin: true })
    if (!verdict.ok) {
      logger.warn(`bridge: refused a connection (${verdict.reason})`)
      return refuseUpgrade(socket, verdict.status, verdict.reason)
    }
    wss.handleUpgrade(request, socket, head, (ws) => serveSocket(ws))
  })

  const serveSocket = (ws: WebSocket): void => {
    sockets.add(ws)
    const send = (message: BridgeMessage) => {
      // Log frames go as binary messages (their typed arrays as bytes); the rest as JSON text.
      if (ws.readyState === ws.OPEN) ws.send(encodeWire(message))
    }
    const client: RouterClient = { emit: (event) => send({ kind: 'event', channel: STREAM_EVENT_CHANNEL, event }) }
    ws.on('message', (data) => {
      let parsed: ReturnType<typeof BridgeRequest.safeParse>
      try {
        parsed = BridgeRequest.safeParse(JSON.parse(data.toString()))
      } catch {
        return ws.close(1007, 'Not JSON')
      }
      if (!parsed.success) return ws.close(1008, 'Not a Berth request')
      const { id, channel, args } = parsed.data
      if (!INVOKE_CHANNELS.includes(channel)) {
        return send({ kind: 'result', id, result: fail({ code: 'INVALID_INPUT', message: `Unknown request "${channel}".` }) })
      }
      void router.invoke(client, channel, args).then((result) => send({ kind: 'result', id, result }))
    })
    ws.on('close', () => {
      sockets.delete(ws)
      router.disposeClient(client)
    })
    ws.on('error', (error) => logger.warn('bridge: socket error', error))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    // Loopback only: never reachable from another machine.
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    get clientCount() {
      return sockets.size
    },
    async close() {
      for (const ws of sockets) ws.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

function refuseHttp(response: ServerResponse, status: number, reason: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
  response.end(`${status} ${reason}. Open the address that \`npm run serve\` printed, token included.\n`)
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const text = status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found'
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`)
}
