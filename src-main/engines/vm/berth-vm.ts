import { accessSync, constants, readdirSync } from 'node:fs'
import type { Disposable } from '../../platform/disposable'
import type { Logger } from '../../platform/logger'
import type { EngineConnection } from '../engine-connection'
import type { EngineRegistry } from '../engine-registry'
import { NetworkEgress } from './network-egress'
import { hostfwdRemove, PortMirror } from './port-mirror'
import type { HostFacts } from './qemu-command'
import { hostForwards } from './vm-adoption'
import { createVmEngine, sshExec, type VmEngine } from './vm-engine'
import { VmManager, type VmManagerOptions } from './vm-manager'

/** What this host offers for the accelerator choice (Linux: loaded modules and /dev/kvm access). */
export function readHostFacts(platform: NodeJS.Platform = process.platform): HostFacts {
  if (platform !== 'linux') return { platform }
  let modules: string[] = []
  try {
    modules = readdirSync('/sys/module')
  } catch {
    // no sysfs: no KVM either
  }
  let kvmDevice = false
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK)
    kvmDevice = true
  } catch {
    // not there, or not ours
  }
  return { platform, modules, kvmDevice }
}

/**
 * The bundled VM as Berth uses it: the QEMU manager, the engine of kind `vm` in the registry, the
 * published-port mirror and the egress of its networks. The engine is added on the first start and
 * stays listed; it is turned off while the VM is stopped so it does not retry in vain.
 */
export class BerthVm implements Disposable {
  readonly manager: VmManager
  /** Dispose leaves a running VM running (the person's choice); the next BerthVm on this state folder adopts it. */
  keepRunning: boolean
  private engineConnection?: EngineConnection
  private created?: VmEngine
  private mirror?: PortMirror
  private egress?: NetworkEgress
  /** The adopted QEMU whose old forwards were already cleared (once per adoption). */
  private forwardsClearedFor?: number
  private connecting?: Promise<EngineConnection>
  private readonly subscriptions: Disposable[] = []

  constructor(private readonly options: Omit<VmManagerOptions, 'requestPoweroff'> & { registry?: EngineRegistry; logger: Logger; healthIntervalMs?: number; keepRunning?: boolean }) {
    this.keepRunning = options.keepRunning ?? false
    this.manager = new VmManager({
      ...options,
      requestPoweroff: async () => {
        const keys = this.manager.vmKeys
        if (!keys) throw new Error('no keys')
        // PID 1 traps TERM: stops dockerd, unmounts the data disk, powers off. The connection may
        // drop before an answer, which is fine.
        await sshExec(options.settings.sshPort, keys, 'kill -TERM 1').catch(() => undefined)
      },
    })
    this.subscriptions.push(
      this.manager.onStateChange((status) => {
        if (status.state.status === 'crashed' || status.state.status === 'stopped') {
          this.mirror?.reset()
          this.egress?.reset()
          this.engineConnection?.setEnabled(false)
        }
      }),
    )
  }

  get engine(): EngineConnection | undefined {
    return this.engineConnection
  }

  get forwardedPorts(): string[] {
    return this.mirror?.active ?? []
  }

  /** Boots the VM (or takes back one kept running) and connects its engine; resolves once the engine answers a ping. */
  async start(): Promise<EngineConnection> {
    // The SSH handshake (a second or more under emulation) happens while dockerd starts: as soon
    // as the guest says sshd runs, not after "ready".
    const warming = this.manager.onPhase((marker) => {
      if (marker.phase === 'sshd') void this.warm()
    })
    try {
      await this.manager.start()
    } finally {
      warming.dispose()
    }
    return this.connect()
  }

  /**
   * Takes back a VM an earlier Berth kept running, without booting anything: its engine when it
   * did, undefined when there was none to take back.
   */
  async adopt(): Promise<EngineConnection | undefined> {
    if (!(await this.manager.adopt())) return undefined
    return this.connect()
  }

  /** One at a time: a start and the adoption at launch may both get here. */
  private connect(): Promise<EngineConnection> {
    this.connecting ??= this.connectEngine().finally(() => (this.connecting = undefined))
    return this.connecting
  }

  private async connectEngine(): Promise<EngineConnection> {
    const status = this.manager.status()
    if (status.adopted && status.pid !== undefined && this.forwardsClearedFor !== status.pid) {
      this.forwardsClearedFor = status.pid
      await this.clearOldForwards()
    }
    const engine = this.vmEngine().connection
    this.engineConnection = engine
    if (!this.mirror) {
      this.mirror = new PortMirror(engine, (line) => this.monitor(line), this.options.logger)
      this.egress = new NetworkEgress(engine, (command) => this.vmEngine().exec(command), this.options.logger)
      if (this.options.registry) this.options.registry.add(engine)
      else engine.start()
    } else {
      engine.setEnabled(true)
    }
    const summary = await engine.reconnect()
    if (summary.state.status !== 'connected') throw new Error(`The VM started but its engine does not answer: ${'reason' in summary.state ? summary.state.reason : summary.state.status}`)
    return engine
  }

  /** Opens the SSH connection while the VM starts; tries again a few times (the forward can be slow to pass). */
  private async warm(): Promise<void> {
    for (let attempt = 1; attempt <= 5 && this.manager.status().state.status === 'starting'; attempt++) {
      try {
        await this.vmEngine().warm()
        return
      } catch (error) {
        this.options.logger.debug(`VM SSH warm-up ${attempt}: ${String(error)}`)
        await new Promise((r) => setTimeout(r, 250))
      }
    }
  }

  /** The engine's connection, made once (the keys exist from the first start on) and kept across restarts. */
  private vmEngine(): VmEngine {
    this.created ??= createVmEngine({ sshPort: this.options.settings.sshPort, keys: this.manager.vmKeys!, logger: this.options.logger, healthIntervalMs: this.options.healthIntervalMs })
    return this.created
  }

  async stop(): Promise<void> {
    this.engineConnection?.setEnabled(false)
    await this.manager.stop()
  }

  async restart(): Promise<EngineConnection> {
    await this.stop()
    return this.start()
  }

  /** Stops watching the VM; kills QEMU unless the VM runs and the person keeps it running (then it is left as it is). */
  dispose(): void {
    const keep = this.keepRunning && this.manager.status().state.status === 'running'
    this.subscriptions.forEach((s) => s.dispose())
    this.mirror?.dispose()
    this.egress?.dispose()
    // Not in a registry (or never listed: the VM did not reach "ready"): the connection is ours to close.
    if (!this.options.registry || !this.mirror) this.created?.connection.dispose()
    if (keep) this.manager.detach()
    this.manager.dispose()
  }

  /**
   * An adopted QEMU still has the forwards of the Berth that left it running, which this mirror
   * does not know (adding one again fails: its port is taken). They are removed here, all but ssh;
   * the mirror adds back those of the containers running now once the engine connects.
   */
  private async clearOldForwards(): Promise<void> {
    const qmp = this.manager.qmp
    if (!qmp) return
    try {
      for (const port of hostForwards(await qmp.hmp('info usernet'))) {
        if (port.protocol === 'tcp' && port.hostPort === this.options.settings.sshPort) continue
        await qmp.hmp(hostfwdRemove(port)).catch((error: unknown) => this.options.logger.debug(`hostfwd_remove ${port.hostPort}: ${String(error)}`))
      }
    } catch (error) {
      this.options.logger.warn(`Could not read the forwards of the VM kept running: ${String(error)}`)
    }
  }

  private async monitor(commandLine: string): Promise<void> {
    const qmp = this.manager.qmp
    if (!qmp) throw new Error('QMP is not connected')
    await qmp.hmp(commandLine)
  }
}
