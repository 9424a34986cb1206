import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { BRIDGE_TOKEN_PARAM } from '../../src-shared/bridge-protocol'

/**
 * Who may talk to the bridge. An engine socket is root on its machine, so the bridge answers only
 * a page that holds this run's token, through a Host and Origin of its own: another site open in
 * the same browser (or one that rebinds its DNS name to 127.0.0.1) gets nothing.
 */
export const TOKEN_COOKIE = 'berth_token'

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

export type Verdict = { ok: true; tokenFromQuery: boolean } | { ok: false; status: 401 | 403; reason: string }

export function checkRequest(
  request: Pick<IncomingMessage, 'headers' | 'url'>,
  expected: { token: string; port: number },
  options: { requireOrigin: boolean },
): Verdict {
  const allowedHosts = [`127.0.0.1:${expected.port}`, `localhost:${expected.port}`]
  const host = request.headers.host ?? ''
  if (!allowedHosts.includes(host)) return { ok: false, status: 403, reason: 'Host not allowed' }
  const origin = request.headers.origin
  if (origin !== undefined || options.requireOrigin) {
    if (!origin || !allowedHosts.some((h) => origin === `http://${h}`)) {
      return { ok: false, status: 403, reason: 'Origin not allowed' }
    }
  }
  const url = new URL(request.url ?? '/', 'http://127.0.0.1')
  const fromQuery = url.searchParams.get(BRIDGE_TOKEN_PARAM)
  const fromCookie = readCookie(request.headers.cookie, TOKEN_COOKIE)
  const presented = fromQuery ?? fromCookie
  if (!presented) return { ok: false, status: 401, reason: 'Token missing' }
  if (!sameSecret(presented, expected.token)) return { ok: false, status: 401, reason: 'Token wrong' }
  return { ok: true, tokenFromQuery: fromQuery !== null }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return decodeURIComponent(value.join('='))
  }
  return undefined
}
