import { readFileSync } from 'node:fs'
import vm from 'node:vm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { INVOKE_CHANNELS, STREAM_CANCEL_CHANNEL, STREAM_EVENT_CHANNEL } from '../../src-shared/contract'
import { INVOKE_IPC_CHANNEL } from './channels'
import { builtPreload, ensureBuilt } from './testing/built-output'

type Listener = (...args: unknown[]) => void

/**
 * Loads the built preload the way a sandboxed renderer does: its own realm, and a `require` that
 * knows only 'electron'. Any other require would fail in a real sandbox, so it fails here too.
 */
function loadPreload() {
  const exposed: { key: string; api: Record<string, unknown> }[] = []
  const required: string[] = []
  const listeners = new Map<string, Set<Listener>>()
  const ipcRenderer = {
    invoke: vi.fn(async (...args: unknown[]) => ({ ok: true, value: args })),
    on: vi.fn((channel: string, listener: Listener) => {
      listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener))
      return ipcRenderer
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener)
      return ipcRenderer
    }),
    send: vi.fn(),
    sendSync: vi.fn(),
  }
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push({ key, api }) },
    ipcRenderer,
  }
  const sandboxRequire = (id: string) => {
    required.push(id)
    if (id === 'electron') return electron
    throw new Error(`a sandboxed preload cannot require "${id}"`)
  }
  const module = { exports: {} }
  const context = vm.createContext({ console, setTimeout, clearTimeout, queueMicrotask })
  const wrapped = vm.runInContext(`(function (require, module, exports) {\n${readFileSync(builtPreload, 'utf8')}\n})`, context, {
    filename: builtPreload,
  }) as (r: typeof sandboxRequire, m: typeof module, e: unknown) => void
  wrapped(sandboxRequire, module, module.exports)
  // What the page would call, as functions of the expected shape.
  const emit = (channel: string, ...args: unknown[]) => listeners.get(channel)?.forEach((l) => l(...args))
  return { exposed, required, ipcRenderer, emit, listeners }
}

describe('the built preload, in a sandbox-like realm', () => {
  let preload: ReturnType<typeof loadPreload>
  let berth: {
    invoke(channel: unknown, args: unknown): Promise<unknown>
    subscribe(channel: unknown, listener: unknown): () => void
  }

  beforeAll(() => {
    ensureBuilt()
    preload = loadPreload()
    berth = preload.exposed[0]?.api as unknown as typeof berth
  })

  it('requires nothing but electron', () => {
    expect([...new Set(preload.required)]).toEqual(['electron'])
  })

  it('exposes exactly window.berth, with exactly invoke and subscribe', () => {
    expect(preload.exposed.map((e) => e.key)).toEqual(['berth'])
    expect(Object.keys(berth).sort()).toEqual(['invoke', 'subscribe'])
    expect(typeof berth.invoke).toBe('function')
    expect(typeof berth.subscribe).toBe('function')
  })

  it('passes an allow-listed request to main on the one invoke channel', async () => {
    // Every domain's channels come and go with the contract; this one is always allowed.
    const channel = STREAM_CANCEL_CHANNEL
    expect(INVOKE_CHANNELS).toContain(channel)
    await expect(berth.invoke(channel, ['local'])).resolves.toEqual({ ok: true, value: [INVOKE_IPC_CHANNEL, channel, ['local']] })
    expect(preload.ipcRenderer.invoke).toHaveBeenCalledTimes(1)
  })

  it('refuses a channel outside the allow-list without calling ipcRenderer', async () => {
    preload.ipcRenderer.invoke.mockClear()
    for (const channel of ['fs:readFile', 'berth:invoke', STREAM_EVENT_CHANNEL, '', 42, undefined]) {
      await expect(berth.invoke(channel, [])).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    }
    expect(preload.ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it('refuses arguments that are not a list without calling ipcRenderer', async () => {
    preload.ipcRenderer.invoke.mockClear()
    await expect(berth.invoke(STREAM_CANCEL_CHANNEL, 'local')).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    await expect(berth.invoke(STREAM_CANCEL_CHANNEL, { 0: 'local', length: 1 })).resolves.toMatchObject({ ok: false })
    expect(preload.ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it('refuses to subscribe to another channel without calling ipcRenderer', () => {
    expect(() => berth.subscribe('berth:invoke', () => undefined)).toThrow(/Unknown event channel/)
    expect(() => berth.subscribe(STREAM_EVENT_CHANNEL, 'not a function')).toThrow()
    expect(preload.ipcRenderer.on).not.toHaveBeenCalled()
  })

  it('delivers stream events without the IpcRendererEvent, and unsubscribes', () => {
    const listener = vi.fn()
    const unsubscribe = berth.subscribe(STREAM_EVENT_CHANNEL, listener)
    expect(preload.ipcRenderer.on).toHaveBeenCalledWith(STREAM_EVENT_CHANNEL, expect.any(Function))
    const ipcEvent = { sender: preload.ipcRenderer, senderId: 0, ports: [] }
    const streamEvent = { streamId: 's1', type: 'chunk', data: 1 }
    preload.emit(STREAM_EVENT_CHANNEL, ipcEvent, streamEvent)
    expect(listener).toHaveBeenCalledTimes(1)
    expect(listener.mock.calls[0]).toEqual([streamEvent])
    unsubscribe()
    expect(preload.ipcRenderer.removeListener).toHaveBeenCalledWith(STREAM_EVENT_CHANNEL, preload.ipcRenderer.on.mock.calls[0]![1])
    expect(preload.listeners.get(STREAM_EVENT_CHANNEL)?.size).toBe(0)
    preload.emit(STREAM_EVENT_CHANNEL, ipcEvent, streamEvent)
    expect(listener).toHaveBeenCalledTimes(1)
  })
})
