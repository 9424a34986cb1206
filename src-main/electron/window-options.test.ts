import { describe, expect, it } from 'vitest'
import { buildWindowOptions, WINDOW_BACKGROUND } from './window-options'

const base = { preloadPath: '/app/out/preload/index.js', iconPath: '/app/out/main/chunks/icon.png', dark: true }

describe('buildWindowOptions', () => {
  it('isolates the page from Node and Electron', () => {
    const { webPreferences } = buildWindowOptions({ ...base, platform: 'linux' })
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
      preload: base.preloadPath,
    })
  })

  it('waits for the first paint and matches the theme behind it', () => {
    const dark = buildWindowOptions({ ...base, platform: 'linux' })
    expect(dark).toMatchObject({ title: 'Berth', show: false, backgroundColor: WINDOW_BACKGROUND.dark })
    expect(buildWindowOptions({ ...base, dark: false, platform: 'linux' }).backgroundColor).toBe(WINDOW_BACKGROUND.light)
  })

  it('has a usable size that cannot shrink below the layout', () => {
    const options = buildWindowOptions({ ...base, platform: 'linux' })
    expect(options.width).toBeGreaterThanOrEqual(options.minWidth ?? Infinity)
    expect(options.height).toBeGreaterThanOrEqual(options.minHeight ?? Infinity)
    expect(options.minWidth).toBeGreaterThanOrEqual(800)
  })

  it('sets the window icon on Linux only', () => {
    expect(buildWindowOptions({ ...base, platform: 'linux' }).icon).toBe(base.iconPath)
    expect(buildWindowOptions({ ...base, platform: 'darwin' })).not.toHaveProperty('icon')
    expect(buildWindowOptions({ ...base, platform: 'win32' })).not.toHaveProperty('icon')
  })
})
