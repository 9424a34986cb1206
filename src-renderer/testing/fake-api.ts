import { vi } from 'vitest'
import type { StreamHandlers } from '../../src-shared/contract'
import type { EngineInfo, EngineSummary } from '../../src-shared/models/engine'
import type { VmStatusModel } from '../../src-shared/models/vm'

/** A hand-driven stand-in for the client: tests push engine lists and end the watch stream. */
export function createFakeApi() {
  const watchers: StreamHandlers<EngineSummary[]>[] = []
  const vmWatchers: StreamHandlers<VmStatusModel>[] = []
  const cancels = vi.fn()
  const api = {
    engines: {
      list: vi.fn(async (): Promise<EngineSummary[]> => []),
      watch: vi.fn((handlers: StreamHandlers<EngineSummary[]>) => {
        watchers.push(handlers)
        return { cancel: cancels }
      }),
      events: vi.fn(() => ({ cancel: vi.fn() })),
      reconnect: vi.fn(async (id: string): Promise<EngineSummary> => engine(id)),
      setCurrent: vi.fn(async () => undefined),
      setEnabled: vi.fn(async (id: string, enabled: boolean): Promise<EngineSummary> => engine(id, { enabled })),
      add: vi.fn(async (config: { name: string }): Promise<EngineSummary> => engine('added', { name: config.name, source: 'added' })),
      update: vi.fn(async (id: string, config: { name: string }): Promise<EngineSummary> => engine(id, { name: config.name, source: 'added' })),
      remove: vi.fn(async () => undefined),
      test: vi.fn(),
      trustHostKey: vi.fn(async () => undefined),
      unlock: vi.fn(async (id: string): Promise<EngineSummary> => engine(id)),
    },
    vm: {
      watch: vi.fn((handlers: StreamHandlers<VmStatusModel>) => {
        vmWatchers.push(handlers)
        return { cancel: vi.fn() }
      }),
      start: vi.fn(async () => undefined),
      dismissGuide: vi.fn(async () => undefined),
    },
    system: {
      ping: vi.fn(async () => ({ apiVersion: '1.41' })),
      version: vi.fn(),
      info: vi.fn(async (): Promise<EngineInfo> => info()),
    },
  }
  return {
    api,
    cancels,
    /** The handlers of the latest watch call. */
    get watcher(): StreamHandlers<EngineSummary[]> {
      const last = watchers.at(-1)
      if (!last) throw new Error('nothing is watching the engines')
      return last
    },
    watchCount: () => watchers.length,
    /** Sends the VM's status to every VM watcher, as main does at each change. */
    vmStatus(status: VmStatusModel): void {
      for (const w of vmWatchers) w.onChunk(status)
    },
  }
}

export function engine(id: string, patch: Partial<EngineSummary> = {}): EngineSummary {
  return {
    id,
    name: id,
    kind: 'local',
    endpoint: `unix:///run/${id}.sock`,
    state: { status: 'connected', since: '2024-01-01T00:00:00Z' },
    version: { version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64' },
    ...patch,
  }
}

export function info(patch: Partial<EngineInfo> = {}): EngineInfo {
  return {
    name: 'host',
    serverVersion: '20.10.24',
    operatingSystem: 'Debian GNU/Linux 12 (bookworm)',
    osType: 'linux',
    architecture: 'x86_64',
    cpus: 8,
    memoryBytes: 16 * 1024 ** 3,
    containers: 5,
    containersRunning: 3,
    containersPaused: 0,
    containersStopped: 2,
    images: 12,
    storageDriver: 'overlay2',
    dockerRootDir: '/var/lib/docker',
    ...patch,
  }
}
