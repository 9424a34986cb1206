import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { INVOKE_CHANNELS, STREAM_EVENT_CHANNEL } from '../../src-shared/contract'
import { fail, type Result } from '../../src-shared/errors'
import type { StreamEvent } from '../../src-shared/models/stream'
import type { Router, RouterClient } from '../rpc/router'
import { INVOKE_IPC_CHANNEL } from './channels'

export interface IpcTransportOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>
  router: Pick<Router, 'invoke' | 'disposeClient'>
  /** Whether a request comes from our renderer in one of our windows; see main.ts. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean
}

export interface IpcTransport {
  dispose(): void
}

/**
 * Carries the contract over Electron IPC. Each WebContents is one RouterClient, so its streams
 * end when it navigates away, crashes or is destroyed.
 */
export function installIpcTransport(options: IpcTransportOptions): IpcTransport {
  const { ipcMain, router, isTrustedSender } = options
  const clients = new Map<WebContents, RouterClient>()

  const clientOf = (contents: WebContents): RouterClient => {
    const known = clients.get(contents)
    if (known) return known
    const client: RouterClient = {
      emit(event: StreamEvent) {
        if (!contents.isDestroyed()) contents.send(STREAM_EVENT_CHANNEL, event)
      },
    }
    clients.set(contents, client)
    // A new document does not know the old one's stream ids: end them rather than leak them.
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) router.disposeClient(client)
    })
    contents.on('render-process-gone', () => router.disposeClient(client))
    contents.once('destroyed', () => {
      clients.delete(contents)
      router.disposeClient(client)
    })
    return client
  }

  ipcMain.handle(INVOKE_IPC_CHANNEL, async (event, channel: unknown, args: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event)) {
      return fail({ code: 'UNAUTHORIZED', message: 'This page may not talk to Berth.' })
    }
    if (typeof channel !== 'string' || !INVOKE_CHANNELS.includes(channel)) {
      return fail({ code: 'INVALID_INPUT', message: `Unknown request "${String(channel)}".` })
    }
    if (!Array.isArray(args)) {
      return fail({ code: 'INVALID_INPUT', message: `Invalid request to ${channel}: arguments must be a list.` })
    }
    return router.invoke(clientOf(event.sender), channel, args)
  })

  return {
    dispose() {
      ipcMain.removeHandler(INVOKE_IPC_CHANNEL)
      for (const client of clients.values()) router.disposeClient(client)
      clients.clear()
    },
  }
}
