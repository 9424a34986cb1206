import { describe, expect, it } from 'vitest'
import { checkRequest, newToken, readCookie } from './bridge-auth'

const expected = { token: 'secret-token', port: 4000 }
const req = (url: string, headers: Record<string, string>) => ({ url, headers })

describe('checkRequest', () => {
  it('accepts the token from the query or the cookie', () => {
    expect(checkRequest(req('/?token=secret-token', { host: '127.0.0.1:4000' }), expected, { requireOrigin: false })).toEqual({ ok: true, tokenFromQuery: true })
    expect(checkRequest(req('/a.js', { host: 'localhost:4000', cookie: 'x=1; berth_token=secret-token' }), expected, { requireOrigin: false })).toEqual({ ok: true, tokenFromQuery: false })
  })

  it('refuses missing and wrong tokens with 401', () => {
    expect(checkRequest(req('/', { host: '127.0.0.1:4000' }), expected, { requireOrigin: false })).toMatchObject({ ok: false, status: 401 })
    expect(checkRequest(req('/?token=secret-tokeN', { host: '127.0.0.1:4000' }), expected, { requireOrigin: false })).toMatchObject({ ok: false, status: 401 })
    expect(checkRequest(req('/?token=s', { host: '127.0.0.1:4000' }), expected, { requireOrigin: false })).toMatchObject({ ok: false, status: 401 })
  })

  it('refuses foreign hosts and origins with 403 before looking at the token', () => {
    const ok = '/?token=secret-token'
    expect(checkRequest(req(ok, { host: 'attacker.example:4000' }), expected, { requireOrigin: false })).toMatchObject({ status: 403 })
    expect(checkRequest(req(ok, { host: '127.0.0.1:4000', origin: 'http://attacker.example' }), expected, { requireOrigin: false })).toMatchObject({ status: 403 })
    expect(checkRequest(req(ok, { host: '127.0.0.1:4000', origin: 'null' }), expected, { requireOrigin: true })).toMatchObject({ status: 403 })
    expect(checkRequest(req(ok, { host: '127.0.0.1:4000' }), expected, { requireOrigin: true })).toMatchObject({ status: 403 })
    expect(checkRequest(req(ok, { host: '127.0.0.1:4000', origin: 'http://127.0.0.1:4000' }), expected, { requireOrigin: true })).toMatchObject({ ok: true })
  })
})

it('makes unguessable tokens', () => {
  const a = newToken()
  expect(a).toMatch(/^[\w-]{43}$/)
  expect(newToken()).not.toBe(a)
})

it('reads cookies', () => {
  expect(readCookie('a=1; b=two%20words', 'b')).toBe('two words')
  expect(readCookie(undefined, 'b')).toBeUndefined()
})
