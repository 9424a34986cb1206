import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  CONTENT_SECURITY_POLICY,
  decideNavigation,
  decideWindowOpen,
  isOwnRendererUrl,
  isPermissionAllowed,
  isTrustedSenderFrame,
  rendererTarget,
  withContentSecurityPolicy,
  type RendererTarget,
} from './security'

const indexHtml = join('/opt', 'Berth', 'resources', 'app.asar', 'out', 'renderer', 'index.html')
const fileTarget: RendererTarget = { kind: 'file', path: indexHtml }
const devTarget: RendererTarget = { kind: 'url', url: 'http://localhost:5173/' }
const indexUrl = pathToFileURL(indexHtml).href

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/)
      return [name, values]
    }),
  )
}

describe('CONTENT_SECURITY_POLICY', () => {
  const policy = directives(CONTENT_SECURITY_POLICY)

  it('lets scripts come only from the app itself', () => {
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|wasm-unsafe-eval|\*/)
  })

  it('locks down every other fetch', () => {
    expect(policy.get('default-src')).toEqual(["'self'"])
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"])
    expect(policy.get('img-src')).toEqual(["'self'", 'data:'])
    expect(policy.get('connect-src')).toEqual(["'self'"])
    expect(policy.get('object-src')).toEqual(["'none'"])
    expect(policy.get('base-uri')).toEqual(["'none'"])
    expect(policy.get('frame-ancestors')).toEqual(["'none'"])
  })
})

describe('withContentSecurityPolicy', () => {
  it('replaces a CSP the response carried, whatever its case, and keeps other headers', () => {
    const headers = withContentSecurityPolicy({
      'content-security-policy': ["default-src *"],
      'Content-Type': ['text/html'],
    })
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    })
  })

  it('adds the CSP when there were no headers', () => {
    expect(withContentSecurityPolicy(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] })
  })
})

describe('rendererTarget', () => {
  it('uses the dev server while unpackaged', () => {
    expect(rendererTarget({ devUrl: 'http://localhost:5173', isPackaged: false, indexHtml })).toEqual({
      kind: 'url',
      url: 'http://localhost:5173',
    })
  })

  it('ignores ELECTRON_RENDERER_URL once packaged', () => {
    expect(rendererTarget({ devUrl: 'http://evil.example', isPackaged: true, indexHtml })).toEqual(fileTarget)
  })

  it('ignores a dev URL that is not http', () => {
    expect(rendererTarget({ devUrl: 'file:///tmp/x.html', isPackaged: false, indexHtml })).toEqual(fileTarget)
    expect(rendererTarget({ devUrl: undefined, isPackaged: false, indexHtml })).toEqual(fileTarget)
  })
})

describe('isOwnRendererUrl', () => {
  it('accepts the built index.html with any route', () => {
    expect(isOwnRendererUrl(indexUrl, fileTarget)).toBe(true)
    expect(isOwnRendererUrl(`${indexUrl}#/containers/abc`, fileTarget)).toBe(true)
    expect(isOwnRendererUrl(`${indexUrl}?x=1`, fileTarget)).toBe(true)
  })

  it('refuses other files and other schemes', () => {
    expect(isOwnRendererUrl(pathToFileURL('/etc/passwd').href, fileTarget)).toBe(false)
    expect(isOwnRendererUrl(pathToFileURL(`${indexHtml}.evil.html`).href, fileTarget)).toBe(false)
    expect(isOwnRendererUrl('https://example.com/index.html', fileTarget)).toBe(false)
    expect(isOwnRendererUrl('not a url', fileTarget)).toBe(false)
  })

  it('accepts only the dev server origin in development', () => {
    expect(isOwnRendererUrl('http://localhost:5173/#/images', devTarget)).toBe(true)
    expect(isOwnRendererUrl('http://localhost:5174/', devTarget)).toBe(false)
    expect(isOwnRendererUrl('https://localhost:5173/', devTarget)).toBe(false)
    expect(isOwnRendererUrl('http://localhost.evil.com:5173/', devTarget)).toBe(false)
    expect(isOwnRendererUrl(indexUrl, devTarget)).toBe(false)
  })
})

describe('decideNavigation', () => {
  it('allows our own page', () => {
    expect(decideNavigation(`${indexUrl}#/volumes`, fileTarget)).toBe('allow')
  })

  it('sends web links to the browser instead of the window', () => {
    expect(decideNavigation('https://docs.docker.com/', fileTarget)).toBe('open-externally')
    expect(decideNavigation('http://localhost:8080/', fileTarget)).toBe('open-externally')
  })

  it('drops everything else', () => {
    expect(decideNavigation('file:///etc/passwd', fileTarget)).toBe('deny')
    expect(decideNavigation('javascript:alert(1)', fileTarget)).toBe('deny')
    expect(decideNavigation('smb://host/share', fileTarget)).toBe('deny')
    expect(decideNavigation('data:text/html,<script>1</script>', fileTarget)).toBe('deny')
  })
})

describe('decideWindowOpen', () => {
  it('opens a window only for our own log and terminal routes; web links go to the browser; others are dropped', () => {
    expect(decideWindowOpen(`${indexUrl}#/logs/local/abc123`, fileTarget)).toBe('own-window')
    expect(decideWindowOpen(`${indexUrl}#/logs/local/project/shop`, fileTarget)).toBe('own-window')
    expect(decideWindowOpen(`${indexUrl}#/terminal/local/abc123`, fileTarget)).toBe('own-window')
    expect(decideWindowOpen('http://localhost:5173/#/logs/local/abc', devTarget)).toBe('own-window')
    expect(decideWindowOpen(`${indexUrl}#/containers`, fileTarget)).toBe('deny')
    expect(decideWindowOpen(indexUrl, fileTarget)).toBe('deny')
    expect(decideWindowOpen('file:///etc/passwd#/logs/local/abc', fileTarget)).toBe('deny')
    expect(decideWindowOpen('https://evil.example/#/logs/local/abc', fileTarget)).toBe('open-externally')
    expect(decideWindowOpen('https://github.com/', fileTarget)).toBe('open-externally')
    expect(decideWindowOpen('ms-msdt:/id', fileTarget)).toBe('deny')
  })
})

describe('isPermissionAllowed', () => {
  it('allows only clipboard writes, only from our page', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', indexUrl, fileTarget)).toBe(true)
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://example.com/', fileTarget)).toBe(false)
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, fileTarget)).toBe(false)
    for (const permission of ['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'usb']) {
      expect(isPermissionAllowed(permission, indexUrl, fileTarget)).toBe(false)
    }
  })
})

describe('isTrustedSenderFrame', () => {
  it('trusts only the main frame of our page', () => {
    expect(isTrustedSenderFrame({ url: indexUrl, isMainFrame: true }, fileTarget)).toBe(true)
    expect(isTrustedSenderFrame({ url: indexUrl, isMainFrame: false }, fileTarget)).toBe(false)
    expect(isTrustedSenderFrame({ url: 'https://example.com/', isMainFrame: true }, fileTarget)).toBe(false)
    expect(isTrustedSenderFrame(null, fileTarget)).toBe(false)
  })
})
