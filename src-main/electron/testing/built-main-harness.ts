/**
 * Runs the built main bundle in plain Node with a stand-in `electron` module (no Electron binary
 * exists in CI), drives it through start-up, a few hostile inputs and quit, and prints what it
 * saw as one `BERTH_REPORT {json}` line. It never calls process.exit: exiting on its own proves
 * the core let go of every timer and socket. built-main.int.test.ts transpiles and spawns it.
 *   node harness.js <out/main/index.js> [--lock-denied]
 */
import { EventEmitter } from 'node:events'
import Module from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

type Listener = (...args: unknown[]) => unknown

interface Report {
  lockRequested: boolean
  windows: { options: Record<string, unknown>; loadedFile?: string; loadedUrl?: string; shown: boolean }[]
  appEvents: string[]
  ipcHandlers: string[]
  ipcRemoved: string[]
  menuTemplateRoles: unknown[]
  openedExternally: string[]
  unknownElectronMembers: string[]
  probes: Record<string, unknown>
  quit: { requested: number; completed: boolean; exitCode?: number }
}

const [bundlePath, ...flags] = process.argv.slice(2)
if (!bundlePath) throw new Error('usage: harness <out/main/index.js> [--lock-denied]')
const lockDenied = flags.includes('--lock-denied')

const report: Report = {
  lockRequested: false,
  windows: [],
  appEvents: [],
  ipcHandlers: [],
  ipcRemoved: [],
  menuTemplateRoles: [],
  openedExternally: [],
  unknownElectronMembers: [],
  probes: {},
  quit: { requested: 0, completed: false },
}

const cancellable = () => {
  const event = { defaultPrevented: false, preventDefault: () => void (event.defaultPrevented = true) }
  return event
}

let nextId = 1
class StubWebContents extends EventEmitter {
  readonly id = nextId++
  destroyed = false
  windowOpenHandler?: (details: { url: string }) => { action: string }
  url = ''
  readonly sent: unknown[][] = []
  isDestroyed() {
    return this.destroyed
  }
  send(...args: unknown[]) {
    this.sent.push(args)
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler
  }
  getURL() {
    return this.url
  }
}

const windows: StubBrowserWindow[] = []
class StubBrowserWindow extends EventEmitter {
  readonly webContents = new StubWebContents()
  readonly record: Report['windows'][number]
  constructor(options: Record<string, unknown>) {
    super()
    this.record = { options, shown: false }
    report.windows.push(this.record)
    windows.push(this)
    // Electron announces every WebContents; main.ts attaches its guards there.
    app.emit('web-contents-created', cancellable(), this.webContents)
  }
  static getAllWindows() {
    return windows.filter((w) => !w.webContents.destroyed)
  }
  static fromWebContents(contents: unknown) {
    return windows.find((w) => w.webContents === contents) ?? null
  }
  async loadFile(path: string) {
    this.record.loadedFile = path
    this.webContents.url = pathToFileURL(path).href
    setImmediate(() => this.emit('ready-to-show'))
  }
  async loadURL(url: string) {
    this.record.loadedUrl = url
    this.webContents.url = url
    setImmediate(() => this.emit('ready-to-show'))
  }
  show() {
    this.record.shown = true
  }
  isMinimized() {
    return false
  }
  restore() {}
  focus() {}
  close() {
    this.webContents.destroyed = true
    this.emit('closed')
    this.webContents.emit('destroyed')
    if (StubBrowserWindow.getAllWindows().length === 0) app.emit('window-all-closed')
  }
}

class StubApp extends EventEmitter {
  isPackaged = false
  private readonly ready = new Promise<void>((resolve) => setImmediate(resolve))
  override on(event: string, listener: Listener): this {
    report.appEvents.push(event)
    return super.on(event, listener)
  }
  whenReady() {
    return this.ready
  }
  requestSingleInstanceLock() {
    report.lockRequested = true
    return !lockDenied
  }
  getPath(name: string) {
    return join(tmpdir(), `berth-harness-${name}`)
  }
  getName() {
    return 'Berth'
  }
  getVersion() {
    return '0.0.0'
  }
  // Like Electron: before-quit, then will-quit, which a listener may postpone by preventDefault.
  quit() {
    report.quit.requested++
    if (!this.emitCancellable('before-quit') || !this.emitCancellable('will-quit')) return
    report.quit.completed = true
    this.emit('quit', cancellable(), 0)
    process.stdout.write(`BERTH_REPORT ${JSON.stringify(report)}\n`)
  }
  exit(code = 0) {
    report.quit.exitCode = code
    process.stdout.write(`BERTH_REPORT ${JSON.stringify(report)}\n`)
  }
  private emitCancellable(name: string): boolean {
    const event = cancellable()
    this.emit(name, event)
    return !event.defaultPrevented
  }
}
const app = new StubApp()

const ipcHandlers = new Map<string, Listener>()
const session = {
  onHeadersReceived: undefined as Listener | undefined,
  permissionRequest: undefined as Listener | undefined,
  permissionCheck: undefined as Listener | undefined,
}

const electron: Record<string, unknown> = {
  app,
  BrowserWindow: StubBrowserWindow,
  ipcMain: {
    handle(channel: string, handler: Listener) {
      report.ipcHandlers.push(channel)
      ipcHandlers.set(channel, handler)
    },
    removeHandler(channel: string) {
      report.ipcRemoved.push(channel)
      ipcHandlers.delete(channel)
    },
  },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (l: Listener) => void (session.onHeadersReceived = l) },
      setPermissionRequestHandler: (l: Listener) => void (session.permissionRequest = l),
      setPermissionCheckHandler: (l: Listener) => void (session.permissionCheck = l),
    },
  },
  shell: { openExternal: async (url: string) => void report.openedExternally.push(url) },
  Menu: {
    buildFromTemplate: (template: { role?: string; submenu?: unknown }[]) => ({ template }),
    setApplicationMenu: (menu: { template: { role?: string; label?: string }[] }) => {
      report.menuTemplateRoles = menu.template.map((item) => item.role ?? item.label)
    },
  },
  nativeTheme: { shouldUseDarkColors: true },
  // As on a Linux desktop without a keyring: remembered passphrases then stay in memory only.
  safeStorage: {
    isEncryptionAvailable: () => false,
    encryptString: () => {
      throw new Error('encryption is not available')
    },
    decryptString: () => {
      throw new Error('encryption is not available')
    },
  },
}
// Anything main.ts touches that this stand-in lacks is reported, not silently undefined.
const electronProxy = new Proxy(electron, {
  get(target, key) {
    if (typeof key === 'string' && !(key in target) && key !== '__esModule' && key !== 'default' && key !== 'then') {
      report.unknownElectronMembers.push(key)
    }
    return target[key as string]
  },
})

const moduleInternals = Module as unknown as { _load(request: string, ...rest: unknown[]): unknown }
const load = moduleInternals._load
moduleInternals._load = function (request: string, ...rest: unknown[]) {
  return request === 'electron' ? electronProxy : load.call(this, request, ...rest)
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve))

async function probe(): Promise<void> {
  const window = windows[0]
  if (!window) return
  const contents = window.webContents
  const ownUrl = contents.url

  const headers = await new Promise<unknown>((resolve) =>
    session.onHeadersReceived?.(
      { url: ownUrl, resourceType: 'mainFrame', responseHeaders: { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] } },
      resolve,
    ),
  )
  report.probes.headersResponse = headers

  const navigate = (event: string, url: string) => {
    const e = cancellable()
    contents.emit(event, e, url)
    return e.defaultPrevented
  }
  report.probes.navigationPrevented = {
    foreignHttps: navigate('will-navigate', 'https://evil.example/phish'),
    foreignFile: navigate('will-navigate', 'file:///etc/passwd'),
    ownRoute: navigate('will-navigate', `${ownUrl}#/containers`),
    redirectForeign: navigate('will-redirect', 'https://evil.example/'),
  }
  report.probes.windowOpen = {
    https: contents.windowOpenHandler?.({ url: 'https://docs.docker.com/' }),
    javascript: contents.windowOpenHandler?.({ url: 'javascript:alert(1)' }),
    own: contents.windowOpenHandler?.({ url: ownUrl }),
    logWindow: contents.windowOpenHandler?.({ url: `${ownUrl}#/logs/local/abc123` }),
  }
  const webview = cancellable()
  contents.emit('will-attach-webview', webview, {}, {})
  report.probes.webviewPrevented = webview.defaultPrevented

  report.probes.permissions = {
    media: await new Promise((resolve) => session.permissionRequest?.(contents, 'media', resolve, { requestingUrl: ownUrl })),
    clipboardWrite: await new Promise((resolve) =>
      session.permissionRequest?.(contents, 'clipboard-sanitized-write', resolve, { requestingUrl: ownUrl }),
    ),
    checkGeolocation: session.permissionCheck?.(contents, 'geolocation', 'file:///', { requestingUrl: ownUrl }),
  }

  const invoke = ipcHandlers.get('berth:invoke')
  const fromOwnPage = { sender: contents, senderFrame: { url: ownUrl, parent: null } }
  const fromForeignPage = { sender: contents, senderFrame: { url: 'https://evil.example/', parent: null } }
  const fromSubframe = { sender: contents, senderFrame: { url: ownUrl, parent: {} } }
  const fromOtherContents = { sender: new StubWebContents(), senderFrame: { url: ownUrl, parent: null } }
  report.probes.invoke = invoke && {
    notAllowListed: await invoke(fromOwnPage, 'fs:readFile', ['/etc/passwd']),
    argsNotList: await invoke(fromOwnPage, 'system:ping', 'local'),
    foreignPage: await invoke(fromForeignPage, 'system:ping', ['local']),
    subframe: await invoke(fromSubframe, 'system:ping', ['local']),
    otherContents: await invoke(fromOtherContents, 'system:ping', ['local']),
    allowed: await invoke(fromOwnPage, 'engines:list', []),
    stream: await invoke(fromOwnPage, 'engines:watch', []),
  }
  // A stream's chunks must reach the window that started it, on the one push channel.
  await new Promise((resolve) => setTimeout(resolve, 100))
  report.probes.pushed = contents.sent.map(([channel, event]) => ({ channel, event }))
}

async function main(): Promise<void> {
  // The bundle is CommonJS, as Electron loads it.
  Module.createRequire(__filename)(bundlePath!)
  await app.whenReady()
  await tick()
  await tick()
  await probe()
  report.probes.shownBeforeClose = windows[0]?.record.shown ?? false
  // Closing the last window on Linux quits the app, which must dispose the core.
  for (const window of StubBrowserWindow.getAllWindows()) window.close()
  if (windows.length === 0 && report.quit.requested === 0) app.quit()
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})

