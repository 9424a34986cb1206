import type { Client } from '../../src-shared/contract'
import type { BerthTransport } from '../../src-shared/transport'
import { createClient } from './client'
import { createWebSocketTransport } from './websocket-transport'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    berth?: BerthTransport
  }
}

let client: Client | undefined

/** The one client of this window: Electron's preload when present, else the browser-mode bridge. */
export function useApi(): Client {
  client ??= createClient(window.berth ?? createWebSocketTransport())
  return client
}

/** Whether this window runs inside the desktop app (some actions differ, like opening a window). */
export const isDesktop = (): boolean => window.berth !== undefined
