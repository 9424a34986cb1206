import { mkdtempSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { BridgeMessage } from '../../src-shared/bridge-protocol'
import { createCore, type Core } from '../core'
import { silentLogger } from '../platform/logger'
import { eventually, requireTestEngine } from '../testing/test-engine'
import { startBridgeServer, type BridgeServer } from './bridge-server'

let core: Core
let bridge: BridgeServer
let origin: string

beforeAll(async () => {
  const staticDir = mkdtempSync(join(tmpdir(), 'berth-static-'))
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Berth</title>')
  core = createCore({ env: { DOCKER_HOST: requireTestEngine() }, logger: silentLogger })
  bridge = await startBridgeServer({ router: core.router, staticDir, port: 0, logger: silentLogger })
  origin = `http://127.0.0.1:${bridge.port}`
})

afterAll(async () => {
  await bridge.close()
  await core.dispose()
})

function httpGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: bridge.port, path, headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Opens the bridge socket as a page would, or reports the HTTP status it was refused with. */
function connect(token: string | undefined, headers: Record<string, string>): Promise<WebSocket | number> {
  const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/rpc${query}`, { headers })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0))
    ws.once('error', reject)
  })
}

function rpc(ws: WebSocket, channel: string, args: unknown[]): Promise<BridgeMessage> {
  const id = Math.floor(Math.random() * 1e9)
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString()) as BridgeMessage
      if (message.kind === 'result' && message.id === id) {
        ws.off('message', onMessage)
        resolve(message)
      }
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ id, channel, args }))
  })
}

describe('bridge security', () => {
  it('listens on 127.0.0.1 only and prints a URL with the token', () => {
    expect(bridge.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${bridge.port}/\\?token=.{40,}$`))
  })

  it('refuses a page request without the token or with a wrong one', async () => {
    expect((await httpGet('/')).status).toBe(401)
    expect((await httpGet('/?token=wrong')).status).toBe(401)
    expect((await httpGet('/', { cookie: 'berth_token=wrong' })).status).toBe(401)
  })

  it('serves the page with the token and sets a strict cookie and CSP', async () => {
    const res = await httpGet(`/?token=${bridge.token}`)
    expect(res.status).toBe(200)
    expect(res.body).toContain('<title>Berth</title>')
    expect(String(res.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/)
    expect(String(res.headers['content-security-policy'])).toContain("script-src 'self'")
    // The cookie alone then serves the assets.
    expect((await httpGet('/index.html', { cookie: `berth_token=${bridge.token}` })).status).toBe(200)
  })

  it('refuses a foreign Host (DNS rebinding) even with the token', async () => {
    expect((await httpGet(`/?token=${bridge.token}`, { host: `evil.example:${bridge.port}` })).status).toBe(403)
  })

  it('never serves files outside the renderer folder', async () => {
    const res = await httpGet(`/..%2f..%2f..%2fetc%2fpasswd?token=${bridge.token}`)
    expect(res.body).not.toContain('root:')
  })

  it('refuses a socket without the token, with a wrong token, from a foreign Origin, or with no Origin', async () => {
    expect(await connect(undefined, { origin })).toBe(401)
    expect(await connect('not-the-token', { origin })).toBe(401)
    expect(await connect(bridge.token, { origin: 'http://evil.example' })).toBe(403)
    expect(await connect(bridge.token, { origin: `http://127.0.0.1:${bridge.port + 1}` })).toBe(403)
    expect(await connect(bridge.token, {})).toBe(403)
    expect(bridge.clientCount).toBe(0)
  })
})

describe('bridge requests', () => {
  it('answers a contract call from the real engine', async () => {
    const ws = await connect(bridge.token, { origin })
    if (typeof ws === 'number') throw new Error(`refused ${ws}`)
    await eventually(() => core.engines.get('local').isConnected, 10_000, 'engine connected')
    const answer = await rpc(ws, 'system:version', ['local'])
    expect(answer.kind === 'result' && answer.result.ok).toBe(true)
    if (answer.kind === 'result' && answer.result.ok) {
      expect((answer.result.value as { version: string }).version).toMatch(/^\d+\.\d+/)
    }
    ws.close()
  })

  it('rejects unknown channels and invalid arguments with INVALID_INPUT, touching nothing', async () => {
    const ws = await connect(bridge.token, { origin })
    if (typeof ws === 'number') throw new Error(`refused ${ws}`)
    const unknown = await rpc(ws, 'containers:nuke', [])
    expect(unknown.kind === 'result' && !unknown.result.ok && unknown.result.error.code).toBe('INVALID_INPUT')
    const bad = await rpc(ws, 'system:info', [42])
    expect(bad.kind === 'result' && !bad.result.ok && bad.result.error.code).toBe('INVALID_INPUT')
    const missing = await rpc(ws, 'system:info', ['no-such-engine'])
    expect(missing.kind === 'result' && !missing.result.ok && missing.result.error.code).toBe('NOT_FOUND')
    ws.close()
  })

  it('closes the socket on a message that is not a Berth request', async () => {
    const ws = await connect(bridge.token, { origin })
    if (typeof ws === 'number') throw new Error(`refused ${ws}`)
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send('{"hello":1}')
    expect(await closed).toBe(1008)
  })

  it('ends a window\'s streams when its socket closes', async () => {
    const ws = await connect(bridge.token, { origin })
    if (typeof ws === 'number') throw new Error(`refused ${ws}`)
    const started = await rpc(ws, 'engines:watch', [])
    expect(started.kind === 'result' && started.result.ok).toBe(true)
    expect(core.router.liveStreamCount).toBeGreaterThan(0)
    ws.close()
    await eventually(() => core.router.liveStreamCount === 0, 5000, 'streams ended')
    await eventually(() => bridge.clientCount === 0, 5000, 'clients gone')
  })
})
