import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { app, BrowserWindow, ipcMain, Menu, nativeTheme, safeStorage, session, shell } from 'electron'
import type { BrowserWindowConstructorOptions } from 'electron'
import icon from '../../resources/icon.png?asset'
import { createCore, type Core } from '../core'
import { createConsoleLogger } from '../platform/logger'
import { EncryptedFileSecretStore } from '../platform/secret-store'
import { installIpcTransport, type IpcTransport } from './ipc-transport'
import { buildMenuTemplate } from './menu'
import { guardWebContents, installSessionSecurity, isTrustedSenderFrame, rendererTarget, type RendererTarget } from './security'
import { buildWindowOptions } from './window-options'
import { sizedWindowOf, trackWindowSize, WindowSizes } from './window-sizes'

// A hung dispose (an engine that never answers) must not keep the app from quitting.
const DISPOSE_TIMEOUT_MS = 5_000

function windowOptions(): BrowserWindowConstructorOptions {
  return buildWindowOptions({
    preloadPath: join(__dirname, '../preload/index.js'),
    iconPath: icon,
    platform: process.platform,
    dark: nativeTheme.shouldUseDarkColors,
  })
}

function createWindow(target: RendererTarget): BrowserWindow {
  const window = new BrowserWindow(windowOptions())
  window.once('ready-to-show', () => window.show())
  if (target.kind === 'url') void window.loadURL(target.url)
  else void window.loadFile(target.path)
  return window
}

function main(): void {
  // A second launch focuses the running app instead of starting a second set of services.
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  const logger = createConsoleLogger(process.env.BERTH_LOG_LEVEL === 'debug' ? 'debug' : 'info')
  const target = rendererTarget({
    devUrl: process.env.ELECTRON_RENDERER_URL,
    isPackaged: app.isPackaged,
    indexHtml: join(__dirname, '../renderer/index.html'),
  })
  let core: Core | undefined
  let transport: IpcTransport | undefined

  // A log window opens at the size it last had (userData/window-sizes.json).
  let windowSizes: WindowSizes | undefined
  const sizes = () => (windowSizes ??= new WindowSizes(join(app.getPath('userData'), 'window-sizes.json')))
  // A log or terminal window is the same page on another route, with the same secure options.
  const ownWindowOptions = (url: string) => {
    const kind = sizedWindowOf(url)
    return { ...windowOptions(), show: true, ...(kind ? sizes().get(kind) : { width: 1000, height: 680 }) }
  }
  app.on('web-contents-created', (_event, contents) => {
    guardWebContents(contents, target, (url) => shell.openExternal(url), ownWindowOptions)
    contents.on('did-create-window', (window, { url }) => {
      const kind = sizedWindowOf(url)
      if (kind) trackWindowSize(window, kind, sizes())
    })
  })

  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })

  // macOS apps stay alive without windows; the dock icon brings one back (see 'activate').
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  let disposal: 'pending' | 'running' | 'done' = 'pending'
  app.on('will-quit', (event) => {
    if (disposal === 'done') return
    event.preventDefault()
    if (disposal === 'running') return
    disposal = 'running'
    windowSizes?.flush()
    transport?.dispose()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        logger.warn('Shutting down took too long; quitting anyway.')
        resolve()
      }, DISPOSE_TIMEOUT_MS)
    })
    Promise.race([core?.dispose(), timeout])
      .catch((error: unknown) => logger.error('Shutting down failed', error))
      .finally(() => {
        clearTimeout(timer)
        disposal = 'done'
        app.quit()
      })
  })

  app
    .whenReady()
    .then(() => {
      installSessionSecurity(session.defaultSession, target)
      Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate({ platform: process.platform, isPackaged: app.isPackaged })))
      const dataDir = app.getPath('userData')
      core = createCore({
        env: process.env,
        logger,
        dataDir,
        // Passphrases the person asks Berth to remember are encrypted by the OS (safeStorage).
        secrets: new EncryptedFileSecretStore(join(dataDir, 'secrets.json'), safeStorage, {
          read: (path) => (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
          write: (path, text) => writeFileSync(path, text, { mode: 0o600 }),
        }),
        discover: { sockets: true, contexts: true },
        // electron-builder puts the guest for this platform and architecture in resources/vm.
        vmGuestDir: app.isPackaged ? join(process.resourcesPath, 'vm') : undefined,
      })
      transport = installIpcTransport({
        ipcMain,
        router: core.router,
        isTrustedSender: (event) =>
          BrowserWindow.fromWebContents(event.sender) !== null &&
          isTrustedSenderFrame(
            event.senderFrame && { url: event.senderFrame.url, isMainFrame: event.senderFrame.parent === null },
            target,
          ),
      })
      createWindow(target)
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) createWindow(target)
      })
    })
    .catch((error: unknown) => {
      logger.error('Berth failed to start', error)
      app.exit(1)
    })
}

main()
