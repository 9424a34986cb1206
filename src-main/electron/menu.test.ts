import type { MenuItemConstructorOptions } from 'electron'
import { describe, expect, it } from 'vitest'
import { buildMenuTemplate } from './menu'

const roles = (items: MenuItemConstructorOptions[]): unknown[] =>
  items.flatMap((item) => [item.role, ...(Array.isArray(item.submenu) ? roles(item.submenu) : [])]).filter(Boolean)

describe('buildMenuTemplate', () => {
  it('has the app menu on macOS only', () => {
    expect(buildMenuTemplate({ platform: 'darwin', isPackaged: true })[0]?.role).toBe('appMenu')
    expect(roles(buildMenuTemplate({ platform: 'linux', isPackaged: true }))).not.toContain('appMenu')
  })

  it('keeps the usual roles so standard shortcuts work', () => {
    const all = roles(buildMenuTemplate({ platform: 'linux', isPackaged: true }))
    expect(all).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'windowMenu', 'reload', 'zoomIn', 'togglefullscreen']))
  })

  it('offers DevTools only while unpackaged', () => {
    expect(roles(buildMenuTemplate({ platform: 'linux', isPackaged: false }))).toContain('toggleDevTools')
    expect(roles(buildMenuTemplate({ platform: 'linux', isPackaged: true }))).not.toContain('toggleDevTools')
  })
})
