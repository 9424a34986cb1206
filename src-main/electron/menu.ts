import type { MenuItemConstructorOptions } from 'electron'

export interface MenuInput {
  platform: NodeJS.Platform
  /** DevTools are for development; a packaged app does not offer them. */
  isPackaged: boolean
}

/** The usual roles, so shortcuts (copy, paste, zoom, quit) work as users expect on each OS. */
export function buildMenuTemplate(input: MenuInput): MenuItemConstructorOptions[] {
  const mac = input.platform === 'darwin'
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(input.isPackaged ? [] : [{ role: 'forceReload' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[]),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ]
  return [
    ...(mac ? [{ role: 'appMenu' }] satisfies MenuItemConstructorOptions[] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ]
}
