import { pathToFileURL } from 'node:url'
import type { BrowserWindowConstructorOptions, Event, HandlerDetails, Session, WebContents } from 'electron'

/**
 * The one Content-Security-Policy of the renderer; index.html carries the same policy in a meta
 * tag because file:// responses have no headers to set it on.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // Vue's style bindings and transitions set inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ')

/** Where the renderer comes from: Vite's dev server, or the built index.html. */
export type RendererTarget = { kind: 'url'; url: string } | { kind: 'file'; path: string }

/**
 * The dev server URL is honoured only when unpackaged, so a packaged app cannot be pointed at
 * another page (which would then be trusted with the IPC transport) through its environment.
 */
export function rendererTarget(options: {
  devUrl: string | undefined
  isPackaged: boolean
  indexHtml: string
}): RendererTarget {
  if (!options.isPackaged && options.devUrl && isHttpUrl(options.devUrl)) return { kind: 'url', url: options.devUrl }
  return { kind: 'file', path: options.indexHtml }
}

/** Whether a URL is a page of our renderer: same dev-server origin, or the same index.html. */
export function isOwnRendererUrl(url: string, target: RendererTarget): boolean {
  const parsed = parseUrl(url)
  if (!parsed) return false
  if (target.kind === 'url') {
    const own = parseUrl(target.url)
    return own !== undefined && parsed.origin === own.origin && parsed.origin !== 'null'
  }
  if (parsed.protocol !== 'file:') return false
  // Routes live in the hash (and maybe the query): only the document itself must match.
  parsed.hash = ''
  parsed.search = ''
  return parsed.href === pathToFileURL(target.path).href
}

/** Only web pages go to the system browser: file:, javascript:, custom schemes and the like never do. */
export function isHttpUrl(url: string): boolean {
  const parsed = parseUrl(url)
  return parsed?.protocol === 'http:' || parsed?.protocol === 'https:'
}

export type NavigationDecision = 'allow' | 'open-externally' | 'deny'
export type WindowOpenDecision = NavigationDecision | 'own-window'

/** Routes of ours that may open as a window of their own (a log or a terminal beside the main one). */
const WINDOW_ROUTES = /^#\/(logs|terminal)\/[^/]+\/[^/]+/

/** A window may only show our renderer; a web link goes to the browser instead. */
export function decideNavigation(url: string, target: RendererTarget): NavigationDecision {
  if (isOwnRendererUrl(url, target)) return 'allow'
  return isHttpUrl(url) ? 'open-externally' : 'deny'
}

/**
 * A new Electron window only for our own log and terminal routes (built with the same secure
 * options as the main one); a web link opens in the browser; anything else is dropped.
 */
export function decideWindowOpen(url: string, target: RendererTarget): WindowOpenDecision {
  if (isOwnRendererUrl(url, target) && WINDOW_ROUTES.test(parseUrl(url)?.hash ?? '')) return 'own-window'
  return isHttpUrl(url) ? 'open-externally' : 'deny'
}

/** Replaces any CSP a response carries (header names are case-insensitive) with ours. */
export function withContentSecurityPolicy(
  headers: Record<string, string | string[]> | undefined,
): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') result[name] = value
  }
  result['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY]
  return result
}

/**
 * Every permission is refused, except writing the clipboard from our own page ("copy id"); the
 * clipboard is sanitised text, and reading it stays refused.
 */
export function isPermissionAllowed(permission: string, requestingUrl: string | undefined, target: RendererTarget): boolean {
  return permission === 'clipboard-sanitized-write' && requestingUrl !== undefined && isOwnRendererUrl(requestingUrl, target)
}

/** Session-wide policy: the CSP header on every response, and the permission gate. */
export function installSessionSecurity(session: Session, target: RendererTarget): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) })
  })
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl, target))
  })
  session.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionAllowed(permission, details.requestingUrl ?? contents?.getURL(), target),
  )
}

/** Per-window policy, attached to every WebContents as it is created. */
export function guardWebContents(
  contents: WebContents,
  target: RendererTarget,
  openExternal: (url: string) => Promise<void>,
  ownWindowOptions: (url: string) => BrowserWindowConstructorOptions,
): void {
  const open = (url: string): void => {
    openExternal(url).catch(() => undefined)
  }
  const guard = (event: Event, url: string): void => {
    const decision = decideNavigation(url, target)
    if (decision === 'allow') return
    event.preventDefault()
    if (decision === 'open-externally') open(url)
  }
  contents.on('will-navigate', (event, url) => guard(event, url))
  contents.on('will-redirect', (event, url) => guard(event, url))
  contents.setWindowOpenHandler(({ url }: HandlerDetails) => {
    const decision = decideWindowOpen(url, target)
    if (decision === 'own-window') return { action: 'allow', overrideBrowserWindowOptions: ownWindowOptions(url) }
    if (decision === 'open-externally') open(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}

/** IPC is answered only for the main frame of our own renderer, never for a subframe or foreign page. */
export function isTrustedSenderFrame(
  frame: { url: string; isMainFrame: boolean } | null,
  target: RendererTarget,
): boolean {
  return frame !== null && frame.isMainFrame && isOwnRendererUrl(frame.url, target)
}
