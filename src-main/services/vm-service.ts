import { execFile, spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { z } from 'zod'
import type { StreamSink, VmApi } from '../../src-shared/contract'
import { VmSettingsSchema } from '../../src-shared/contract/vm'
import { AppError } from '../../src-shared/errors'
import type { VmSettingsModel, VmStateModel, VmStatusModel } from '../../src-shared/models/vm'
import type { EngineRegistry } from '../engines/engine-registry'
import { BerthVm, readHostFacts } from '../engines/vm/berth-vm'
import { hasGuest } from '../engines/vm/guest-files'
import { chooseAccelerator, stateFiles, type GuestArch } from '../engines/vm/qemu-command'
import { VM_ENGINE_ID } from '../engines/vm/vm-engine'
import type { VmStatus } from '../engines/vm/vm-manager'
import { Emitter, untilAborted } from '../platform/disposable'
import type { Logger } from '../platform/logger'
import { SettingsStore } from '../platform/settings-store'

export interface VmServiceOptions {
  registry: EngineRegistry
  logger: Logger
  env: NodeJS.ProcessEnv
  home: string
  /** The app's data folder; the VM keeps its disk, keys and settings in `<dataDir>/vm`. */
  dataDir?: string
  /** Where the guest (kernel, initramfs, root image, guest.json) is: the packaged app's resources/vm. BERTH_VM_GUEST wins. */
  guestDir?: string
  platform?: NodeJS.Platform
}

const Stored = z
  .object({
    settings: VmSettingsSchema,
    sshPort: z.number().int().min(1024).max(65535),
    /** The guided first start was answered: the VM was started, or the person said "not now". */
    guideDone: z.boolean(),
  })
  .partial()
const DEFAULTS: Required<VmSettingsModel> = { cpus: 2, memoryMiB: 2048, diskGiB: 32, keepRunning: false }
const PHASES = ['booting', 'engineStarting', 'ready'] as const
const run = promisify(execFile)

/**
 * The bundled VM for the window: status, start/stop/restart, the console, settings. QEMU is only
 * launched when the person starts the VM, and stopped when Berth quits, unless the person chose to
 * keep it running: then Berth lets go of it, and takes it back when it starts again.
 */
export class VmService implements VmApi {
  private vm?: BerthVm
  private readonly store: SettingsStore
  private readonly stateDir: string
  private readonly guestDir: string
  private readonly arch: GuestArch = process.arch === 'arm64' ? 'arm64' : 'amd64'
  private readonly accelerator = chooseAccelerator(readHostFacts())
  private readonly changed = new Emitter<VmStatusModel>()
  /** Berth exits (also on a crash that still runs exit handlers): QEMU is killed unless it is kept running. */
  private readonly killOnExit = () => {
    const vm = this.vm
    if (vm && !(vm.keepRunning && vm.manager.status().state.status === 'running')) vm.manager.dispose()
  }
  private adopting?: Promise<void>

  constructor(private readonly options: VmServiceOptions) {
    this.stateDir = options.dataDir ? join(options.dataDir, 'vm') : join(tmpdir(), `berth-vm-${process.getuid?.() ?? 'user'}`)
    this.store = new SettingsStore(options.dataDir ? this.stateDir : undefined, options.logger)
    this.guestDir = options.env.BERTH_VM_GUEST ?? options.guestDir ?? join(process.cwd(), '.cache/vm', this.arch)
    // A VM kept running when Berth last quit is taken back at once: its engine shows up without a click.
    if (existsSync(stateFiles(this.stateDir).pidFile)) this.adopting = this.adoptKept()
  }

  status(): VmStatusModel {
    const settings = this.settings()
    const status = this.vm?.manager.status()
    const disk = join(this.stateDir, 'data.qcow2')
    const state = this.state(status)
    return {
      state,
      // A VM that has a data disk has run before: the guide is for the very first start only.
      firstRun: state.status === 'stopped' && !existsSync(disk) && !this.stored().guideDone,
      hostPlatform: this.options.platform ?? process.platform,
      accelerator: this.accelerator.accelerator,
      acceleratorWarning: this.accelerator.warning,
      settings,
      kept: status?.adopted || undefined,
      engineId: this.vm?.engine ? VM_ENGINE_ID : undefined,
      disk: existsSync(disk) ? { usedBytes: statSync(disk).blocks * 512, sizeBytes: settings.diskGiB * 1024 ** 3 } : undefined,
      boot: status?.boot,
    }
  }

  async watch(sink: StreamSink<VmStatusModel>): Promise<void> {
    const subscription = this.changed.on((status) => sink.next(status))
    sink.next(this.status())
    await untilAborted(sink.signal)
    subscription.dispose()
  }

  async start(): Promise<VmStatusModel> {
    const state = this.state(this.vm?.manager.status())
    if (state.status === 'unavailable') throw new AppError('NOT_FOUND', state.reason)
    this.store.set('vm', { ...this.stored(), guideDone: true })
    await this.ensureVm().start()
    return this.status()
  }

  async stop(): Promise<VmStatusModel> {
    await this.vm?.stop()
    return this.status()
  }

  async restart(): Promise<VmStatusModel> {
    await this.ensureVm().restart()
    return this.status()
  }

  dismissGuide(): VmStatusModel {
    this.store.set('vm', { ...this.stored(), guideDone: true })
    this.fire()
    return this.status()
  }

  consoleLog(): string {
    return this.vm?.manager.consoleLog() ?? ''
  }

  setSettings(request: VmSettingsModel): VmStatusModel {
    const current = this.settings()
    const settings: Required<VmSettingsModel> = { ...request, keepRunning: request.keepRunning ?? current.keepRunning }
    const resourcesChanged = settings.cpus !== current.cpus || settings.memoryMiB !== current.memoryMiB || settings.diskGiB !== current.diskGiB
    // Resources are on QEMU's command line; keepRunning is not, so it may change while the VM runs.
    const running = this.vm?.manager.status().pid !== undefined
    if (running && resourcesChanged) throw new AppError('MUST_STOP_FIRST', 'Stop the VM to change its CPUs, memory or disk; they apply at the next start.')
    if (settings.diskGiB < current.diskGiB) {
      throw new AppError('INVALID_INPUT', `The disk can only grow (it is ${current.diskGiB} GiB): shrinking it would lose images and volumes.`)
    }
    this.store.set('vm', { ...this.stored(), settings })
    if (this.vm) {
      this.vm.keepRunning = settings.keepRunning
      if (resourcesChanged) this.vm.manager.configure({ ...this.vm.manager.settings, cpus: settings.cpus, memoryMiB: settings.memoryMiB, diskGiB: settings.diskGiB })
    }
    this.fire()
    return this.status()
  }

  /** Berth quits: a clean power-off (the exit hook kills what is left), or, when the person keeps the VM running, nothing stopped. */
  async dispose(): Promise<void> {
    const vm = this.vm
    this.changed.clear()
    if (!vm) return
    await this.adopting
    const done = () => {
      vm.dispose()
      process.off('exit', this.killOnExit)
      if (this.vm === vm) this.vm = undefined
    }
    if (vm.keepRunning && vm.manager.status().state.status === 'running') return done()
    await vm.stop().catch((error: unknown) => this.options.logger.warn(`Stopping the VM at quit failed: ${String(error)}`))
    done()
  }

  /** Takes back the VM an earlier Berth kept running; a pidfile with nothing behind it is nothing to do. */
  private async adoptKept(): Promise<void> {
    try {
      if (await this.ensureVm().adopt()) this.options.logger.info('The built-in VM was kept running while Berth was closed; its engine is back.')
    } catch (error) {
      this.options.logger.warn(`The VM kept running from before could not be taken back: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      this.adopting = undefined
    }
  }

  private ensureVm(): BerthVm {
    if (this.vm) return this.vm
    const stored = this.stored()
    const sshPort = stored.sshPort ?? 42000 + Math.floor(Math.random() * 2000)
    if (!stored.sshPort) this.store.set('vm', { ...stored, sshPort })
    const vm = new BerthVm({
      keepRunning: this.settings().keepRunning,
      arch: this.arch,
      guestDir: this.guestDir,
      stateDir: this.stateDir,
      settings: { ...this.settings(), sshPort, restrictNetwork: false, shares: [this.options.home] },
      accelerator: this.accelerator,
      spawn: (command, args, options) => spawn(command, args, options),
      run: (command, args) => run(command, args),
      logger: this.options.logger,
      registry: this.options.registry,
      startTimeoutMs: this.accelerator.accelerator === 'tcg' ? 600_000 : 120_000,
    })
    vm.manager.onStateChange(() => this.fire())
    // Nothing keeps running after Berth quits unless the person chose so: a QEMU still alive at exit is killed.
    process.once('exit', this.killOnExit)
    this.vm = vm
    return vm
  }

  private state(status: VmStatus | undefined): VmStateModel {
    // A VM that runs (taken back from before) is shown as it is, even if its guest files moved since.
    if (!hasGuest(this.guestDir) && !status?.pid) {
      return { status: 'unavailable', reason: `The VM guest is not in ${this.guestDir}. Build it with scripts/vm/build-guest.sh ${this.arch}.` }
    }
    const state = status?.state ?? { status: 'stopped' }
    if (state.status !== 'starting') return state
    const index = PHASES.indexOf(state.phase)
    return { ...state, progress: { current: index, max: PHASES.length - 1, description: state.phase } }
  }

  private stored(): z.infer<typeof Stored> {
    const parsed = Stored.safeParse(this.store.get('vm') ?? {})
    return parsed.success ? parsed.data : {}
  }

  private settings(): Required<VmSettingsModel> {
    const stored = this.stored().settings
    return stored ? { ...stored, keepRunning: stored.keepRunning ?? false } : DEFAULTS
  }

  private fire(): void {
    this.changed.fire(this.status())
  }
}
