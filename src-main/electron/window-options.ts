import type { BrowserWindowConstructorOptions } from 'electron'

/** Painted before the first frame; the renderer's page background should match it. */
export const WINDOW_BACKGROUND = { dark: '#16181d', light: '#f7f8fa' } as const

export interface WindowOptionsInput {
  preloadPath: string
  /** Used on Linux only: macOS and Windows take the icon from the app bundle / executable. */
  iconPath?: string
  platform: NodeJS.Platform
  dark: boolean
}

/** The one place a window's security settings are decided; main.ts only passes paths in. */
export function buildWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: 'Berth',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    // Shown on ready-to-show, so the first thing on screen is a painted page, not a blank window.
    show: false,
    backgroundColor: input.dark ? WINDOW_BACKGROUND.dark : WINDOW_BACKGROUND.light,
    ...(input.platform === 'linux' && input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  }
}
