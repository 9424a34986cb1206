import type { Disposable } from '../../platform/disposable'
import type { Logger } from '../../platform/logger'
import type { EngineConnection } from '../engine-connection'

/** One published port of a container in the VM, as the host should answer it. */
export interface PublishedPort {
  protocol: 'tcp' | 'udp'
  hostPort: number
}

/** The ports a container publishes, read from its inspect (`NetworkSettings.Ports`). */
export function publishedPorts(inspect: { NetworkSettings?: { Ports?: Record<string, Array<{ HostIp?: string; HostPort?: string }> | null> } }): PublishedPort[] {
  const found = new Map<string, PublishedPort>()
  for (const [key, bindings] of Object.entries(inspect.NetworkSettings?.Ports ?? {})) {
    const protocol = key.endsWith('/udp') ? 'udp' : key.endsWith('/tcp') ? 'tcp' : undefined
    if (!protocol || !bindings) continue
    for (const b of bindings) {
      const hostPort = Number(b.HostPort)
      // A port bound to the guest's loopback only cannot be reached from QEMU's network either.
      if (!Number.isInteger(hostPort) || hostPort <= 0 || b.HostIp === '127.0.0.1' || b.HostIp === '::1') continue
      found.set(`${protocol}:${hostPort}`, { protocol, hostPort })
    }
  }
  return [...found.values()]
}

/** The monitor commands that add and remove the host forward of a port (127.0.0.1 only). */
export const hostfwdAdd = (p: PublishedPort) => `hostfwd_add net0 ${p.protocol}:127.0.0.1:${p.hostPort}-:${p.hostPort}`
export const hostfwdRemove = (p: PublishedPort) => `hostfwd_remove net0 ${p.protocol}:127.0.0.1:${p.hostPort}`

/**
 * Makes every port a container in the VM publishes answer on the host's 127.0.0.1: adds a QEMU
 * host forward when a container starts, removes it when the container dies. Synced with the
 * running containers whenever the engine (re)connects.
 */
export class PortMirror implements Disposable {
  /** Forwarded port → the containers publishing it (two can share one in theory; only the last die removes it). */
  private readonly forwards = new Map<string, Set<string>>()
  private readonly byContainer = new Map<string, PublishedPort[]>()
  private readonly subscriptions: Disposable[] = []

  constructor(
    private readonly engine: EngineConnection,
    private readonly monitor: (commandLine: string) => Promise<unknown>,
    private readonly logger: Logger,
  ) {
    this.subscriptions.push(
      engine.onEvent((event) => {
        if (event.type !== 'container') return
        if (event.action === 'start') void this.added(event.id)
        else if (event.action === 'die' || event.action === 'destroy') void this.removed(event.id)
      }),
      engine.onStateChange((summary) => {
        if (summary.state.status === 'connected') void this.sync()
      }),
    )
  }

  /** The forwards currently in place, e.g. "tcp:8080". */
  get active(): string[] {
    return [...this.forwards.keys()].sort()
  }

  /** Forwards every port of the running containers (after a reconnect or a VM start). */
  async sync(): Promise<void> {
    try {
      const running = await this.engine.docker.listContainers()
      await Promise.all(running.map((c) => this.added(c.Id)))
    } catch (error) {
      this.logger.warn(`Could not list the VM's containers to forward their ports: ${String(error)}`)
    }
  }

  /** Forgets every forward (QEMU exited, so its forwards are gone with it). */
  reset(): void {
    this.forwards.clear()
    this.byContainer.clear()
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose())
  }

  private async added(id: string): Promise<void> {
    if (this.byContainer.has(id)) return
    let ports: PublishedPort[]
    try {
      ports = publishedPorts(await this.engine.docker.getContainer(id).inspect())
    } catch {
      return
    }
    this.byContainer.set(id, ports)
    for (const port of ports) {
      const key = `${port.protocol}:${port.hostPort}`
      const owners = this.forwards.get(key)
      if (owners) {
        owners.add(id)
        continue
      }
      this.forwards.set(key, new Set([id]))
      try {
        await this.monitor(hostfwdAdd(port))
      } catch (error) {
        this.forwards.delete(key)
        this.logger.warn(`Port ${port.hostPort}/${port.protocol} of a VM container cannot answer on 127.0.0.1 (is it used on this computer?): ${String(error)}`)
      }
    }
  }

  private async removed(id: string): Promise<void> {
    const ports = this.byContainer.get(id)
    if (!ports) return
    this.byContainer.delete(id)
    for (const port of ports) {
      const key = `${port.protocol}:${port.hostPort}`
      const owners = this.forwards.get(key)
      if (!owners) continue
      owners.delete(id)
      if (owners.size > 0) continue
      this.forwards.delete(key)
      await this.monitor(hostfwdRemove(port)).catch((error: unknown) => this.logger.debug(`hostfwd_remove ${key}: ${String(error)}`))
    }
  }
}
