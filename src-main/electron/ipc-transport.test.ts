import { EventEmitter } from 'node:events'
import type { IpcMainInvokeEvent, WebContents } from 'electron'
import { describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS, STREAM_EVENT_CHANNEL } from '../../src-shared/contract'
import { ok, type Result } from '../../src-shared/errors'
import type { RouterClient } from '../rpc/router'
import { INVOKE_IPC_CHANNEL } from './channels'
import { installIpcTransport } from './ipc-transport'

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<Result<unknown>>

class FakeContents extends EventEmitter {
  destroyed = false
  readonly sent: unknown[][] = []
  isDestroyed(): boolean {
    return this.destroyed
  }
  send(...args: unknown[]): void {
    this.sent.push(args)
  }
  destroy(): void {
    this.destroyed = true
    this.emit('destroyed')
  }
}

function setup(trusted = true) {
  let handler: Handler | undefined
  const ipcMain = {
    handle: vi.fn((channel: string, fn: Handler) => {
      expect(channel).toBe(INVOKE_IPC_CHANNEL)
      handler = fn
    }),
    removeHandler: vi.fn(),
  }
  const clients: RouterClient[] = []
  const router = {
    invoke: vi.fn(async (client: RouterClient) => {
      clients.push(client)
      return ok('answered')
    }),
    disposeClient: vi.fn(),
  }
  const transport = installIpcTransport({ ipcMain, router, isTrustedSender: () => trusted })
  const call = (contents: FakeContents, ...args: unknown[]) =>
    handler!({ sender: contents as unknown as WebContents } as IpcMainInvokeEvent, ...args)
  return { ipcMain, router, transport, clients, call }
}

const channel = INVOKE_CHANNELS[0]!

describe('installIpcTransport', () => {
  it('passes an allow-listed request to the router', async () => {
    const { call, router } = setup()
    await expect(call(new FakeContents(), channel, ['local'])).resolves.toEqual(ok('answered'))
    expect(router.invoke).toHaveBeenCalledWith(expect.anything(), channel, ['local'])
  })

  it('refuses a channel outside the allow-list without reaching the router', async () => {
    const { call, router } = setup()
    await expect(call(new FakeContents(), 'fs:readFile', ['/etc/passwd'])).resolves.toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    })
    await expect(call(new FakeContents(), { toString: () => channel }, [])).resolves.toMatchObject({ ok: false })
    expect(router.invoke).not.toHaveBeenCalled()
  })

  it('refuses arguments that are not a list', async () => {
    const { call, router } = setup()
    await expect(call(new FakeContents(), channel, 'local')).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(router.invoke).not.toHaveBeenCalled()
  })

  it('refuses an untrusted sender', async () => {
    const { call, router } = setup(false)
    await expect(call(new FakeContents(), channel, ['local'])).resolves.toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    })
    expect(router.invoke).not.toHaveBeenCalled()
  })

  it('is one client per WebContents, whose events go to that WebContents', async () => {
    const { call, clients } = setup()
    const a = new FakeContents()
    const b = new FakeContents()
    await call(a, channel, ['local'])
    await call(a, channel, ['local'])
    await call(b, channel, ['local'])
    expect(clients[0]).toBe(clients[1])
    expect(clients[2]).not.toBe(clients[0])
    clients[0]!.emit({ streamId: 's1', type: 'end' })
    expect(a.sent).toEqual([[STREAM_EVENT_CHANNEL, { streamId: 's1', type: 'end' }]])
    expect(b.sent).toEqual([])
  })

  it('sends nothing to a destroyed WebContents, and ends its streams', async () => {
    const { call, clients, router } = setup()
    const contents = new FakeContents()
    await call(contents, channel, ['local'])
    contents.destroy()
    expect(router.disposeClient).toHaveBeenCalledWith(clients[0])
    clients[0]!.emit({ streamId: 's1', type: 'end' })
    expect(contents.sent).toEqual([])
  })

  it('ends the streams of a page that navigates away or crashes, not of an in-page route change', async () => {
    const { call, clients, router } = setup()
    const contents = new FakeContents()
    await call(contents, channel, ['local'])
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: true })
    contents.emit('did-start-navigation', { isMainFrame: false, isSameDocument: false })
    expect(router.disposeClient).not.toHaveBeenCalled()
    contents.emit('did-start-navigation', { isMainFrame: true, isSameDocument: false })
    expect(router.disposeClient).toHaveBeenCalledWith(clients[0])
    contents.emit('render-process-gone', {}, { reason: 'crashed' })
    expect(router.disposeClient).toHaveBeenCalledTimes(2)
  })

  it('removes its handler and ends every client on dispose', async () => {
    const { call, clients, router, ipcMain, transport } = setup()
    await call(new FakeContents(), channel, ['local'])
    transport.dispose()
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(INVOKE_IPC_CHANNEL)
    expect(router.disposeClient).toHaveBeenCalledWith(clients[0])
  })
})
