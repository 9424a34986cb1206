import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { INVOKE_CHANNELS, SUBSCRIBE_CHANNELS } from '../../src-shared/contract'
import { fail, type Result } from '../../src-shared/errors'
import type { StreamEvent } from '../../src-shared/models/stream'
import type { BerthTransport } from '../../src-shared/transport'
import { INVOKE_IPC_CHANNEL } from './channels'

// The page gets these two functions and nothing else: no ipcRenderer, no IpcRendererEvent
// (its `sender` is ipcRenderer itself).
const berth: BerthTransport = {
  invoke(channel: string, args: unknown[]): Promise<Result<unknown>> {
    if (typeof channel !== 'string' || !INVOKE_CHANNELS.includes(channel)) {
      return Promise.resolve(fail({ code: 'INVALID_INPUT', message: `Unknown request "${String(channel)}".` }))
    }
    if (!Array.isArray(args)) {
      return Promise.resolve(fail({ code: 'INVALID_INPUT', message: `Invalid request to ${channel}: arguments must be a list.` }))
    }
    return ipcRenderer.invoke(INVOKE_IPC_CHANNEL, channel, args) as Promise<Result<unknown>>
  },
  subscribe(channel: string, listener: (event: StreamEvent) => void): () => void {
    if (typeof channel !== 'string' || !SUBSCRIBE_CHANNELS.includes(channel)) {
      throw new Error(`Unknown event channel "${String(channel)}".`)
    }
    if (typeof listener !== 'function') throw new Error('subscribe needs a listener function.')
    const forward = (_event: IpcRendererEvent, payload: StreamEvent): void => listener(payload)
    ipcRenderer.on(channel, forward)
    return () => {
      ipcRenderer.removeListener(channel, forward)
    }
  },
}

contextBridge.exposeInMainWorld('berth', berth)
