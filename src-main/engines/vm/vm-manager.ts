import type { ChildProcess, SpawnOptions } from 'node:child_process'
import { closeSync, existsSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../../src-shared/errors'
import { Emitter, type Disposable } from '../../platform/disposable'
import type { Logger } from '../../platform/logger'
import { readFrom, readTail, readTextIfAny } from '../../platform/read-file'
import { bootSplit, engineFailureOf, LineSplitter, parseMarkers, startPhaseOf, type BootSplit, type PhaseMarker, type StartPhase } from './console-markers'
import { ensureDataDisk } from './data-disk'
import { guestFiles, hasGuest } from './guest-files'
import { QmpClient } from './qmp-client'
import { buildQemuCommand, sharesFile, stateFiles, type AcceleratorChoice, type GuestArch } from './qemu-command'
import { isAlive, judgeLeftover, readPidFacts } from './vm-adoption'
import { ensureVmKeys, type VmKeys } from './vm-keys'

const START_ORDER: readonly StartPhase[] = ['booting', 'engineStarting', 'ready']

export type Spawn = (command: string, args: string[], options: SpawnOptions) => ChildProcess
export type Run = (command: string, args: string[]) => Promise<{ stdout: string }>

export interface VmSettings {
  cpus: number
  memoryMiB: number
  diskGiB: number
  /** Host port for the guest's sshd (127.0.0.1 only). */
  sshPort: number
  restrictNetwork: boolean
  /** Host folders shared at the same path (the home folder). */
  shares: string[]
}

export type VmState =
  | { status: 'stopped' }
  | { status: 'starting'; phase: StartPhase; since: string }
  | { status: 'running'; since: string }
  | { status: 'stopping' }
  | { status: 'crashed'; reason: string }

export interface VmStatus {
  state: VmState
  accelerator: AcceleratorChoice
  settings: VmSettings
  pid?: number
  /** QEMU was kept running by an earlier Berth and taken back (adopted), not booted by this one. */
  adopted: boolean
  /** The guest's phase markers of the current (or last) boot. */
  markers: PhaseMarker[]
  boot: BootSplit
}

export interface VmManagerOptions {
  arch: GuestArch
  /** Folder with vmlinuz, initramfs.img and root.img (scripts/vm/build-guest.sh output). */
  guestDir: string
  /** The VM's own folder: data disk, keys, console log, QMP socket. */
  stateDir: string
  settings: VmSettings
  accelerator: AcceleratorChoice
  spawn: Spawn
  run: Run
  logger: Logger
  /** Asks the guest to power off cleanly (ssh `kill -TERM 1`); QMP quit and a kill follow on timeout. */
  requestPoweroff?: () => Promise<void>
  qemuBinary?: string
  qemuImg?: string
  startTimeoutMs?: number
  stopTimeoutMs?: number
}

/** The QEMU the manager watches: its own child, or one an earlier Berth left running (known by its pid only). */
interface Qemu {
  pid?: number
  adopted: boolean
  kill(signal: NodeJS.Signals): void
  /** Stops watching it without ending it. */
  release(): void
}

/**
 * Runs the bundled VM: QEMU launched with the host's accelerator, progress read from the guest's
 * console markers, clean stop with a kill after a timeout, and a crash (QEMU exiting unasked)
 * reported as a state with its reason.
 */
export class VmManager implements Disposable {
  private state: VmState = { status: 'stopped' }
  private process?: Qemu
  private qmpClient?: QmpClient
  private markers: PhaseMarker[] = []
  private consoleOffset = 0
  private splitter = new LineSplitter()
  private pollTimer?: NodeJS.Timeout
  /** Why spawning failed (ENOENT …); QEMU's own stderr goes to a file. */
  private spawnError = ''
  private keys?: VmKeys
  private exited?: Promise<void>
  private launching?: Promise<void>
  private adopting?: Promise<boolean>
  private disposed = false
  private readonly changed = new Emitter<VmStatus>()
  private readonly phaseReached = new Emitter<PhaseMarker>()

  constructor(private readonly options: VmManagerOptions) {}

  get settings(): VmSettings {
    return this.options.settings
  }

  /** New settings for the next start (refused while QEMU runs: they are on its command line). */
  configure(settings: VmSettings): void {
    if (this.process) throw new AppError('MUST_STOP_FIRST', 'Stop the VM to change its CPUs, memory or disk; they apply at the next start.')
    this.options.settings = settings
  }

  get vmKeys(): VmKeys | undefined {
    return this.keys
  }

  get qmp(): QmpClient | undefined {
    return this.qmpClient
  }

  status(): VmStatus {
    return {
      state: this.state,
      accelerator: this.options.accelerator,
      settings: this.options.settings,
      pid: this.process?.pid,
      adopted: this.process?.adopted ?? false,
      markers: [...this.markers],
      boot: bootSplit(this.markers),
    }
  }

  onStateChange(listener: (status: VmStatus) => void): Disposable {
    return this.changed.on(listener)
  }

  onPhase(listener: (marker: PhaseMarker) => void): Disposable {
    return this.phaseReached.on(listener)
  }

  /** The end of the console log (the guest's kernel and /init output). */
  consoleLog(maxBytes = 64 * 1024): string {
    return readTail(stateFiles(this.options.stateDir).consoleLog, maxBytes)
  }

  /**
   * Boots the VM, or takes back the one an earlier Berth left running; resolves when the guest says
   * its engine listens. Rejects when QEMU exits or time runs out.
   */
  start(): Promise<void> {
    if (this.state.status === 'running' || this.state.status === 'starting') return this.waitFor('ready')
    if (this.state.status === 'stopping') return Promise.reject(new AppError('CONFLICT', 'The VM is stopping; start it again once it has stopped.'))
    // One launch at a time: two starts must not race to spawn two QEMUs on one disk.
    this.launching ??= this.launch().finally(() => (this.launching = undefined))
    return this.launching
  }

  private async launch(): Promise<void> {
    if (await this.adopt()) return
    const { guestDir, stateDir, settings, arch, accelerator } = this.options
    const { kernelPath, initramfsPath, rootImagePath } = guestFiles(guestDir)
    if (!hasGuest(guestDir)) {
      throw new AppError('NOT_FOUND', `The VM guest is missing from ${guestDir}. Build it with scripts/vm/build-guest.sh ${arch}.`)
    }
    this.keys = ensureVmKeys(stateDir, settings.sshPort)
    const files = stateFiles(stateDir)
    writeFileSync(files.shares, sharesFile(settings.shares))
    rmSync(files.consoleLog, { force: true })
    rmSync(files.qmpSocket, { force: true })
    rmSync(files.pidFile, { force: true })
    const dataDiskPath = join(stateDir, 'data.qcow2')
    await ensureDataDisk({
      path: dataDiskPath,
      guestDir,
      diskGiB: settings.diskGiB,
      qemuImg: this.options.qemuImg ?? 'qemu-img',
      run: this.options.run,
      logger: this.options.logger,
    })
    const command = buildQemuCommand({
      arch,
      accelerator: accelerator.accelerator,
      cpus: settings.cpus,
      memoryMiB: settings.memoryMiB,
      kernelPath,
      initramfsPath,
      rootImagePath,
      dataDiskPath,
      stateDir,
      sshPort: settings.sshPort,
      restrictNetwork: settings.restrictNetwork,
      shares: settings.shares,
    })
    this.markers = []
    this.consoleOffset = 0
    this.splitter = new LineSplitter()
    this.spawnError = ''
    const since = new Date().toISOString()
    this.setState({ status: 'starting', phase: 'booting', since })
    // QEMU may have to outlive Berth (the person keeps the VM running): its own process group, so a
    // terminal's Ctrl-C meant for Berth does not reach it, and stderr to a file, as a pipe would
    // break when Berth exits. Without keepRunning, Berth still stops or kills it at quit.
    const stderrFd = openSync(files.stderrLog, 'w')
    let child: ChildProcess
    try {
      child = this.options.spawn(this.options.qemuBinary ?? command.binary, command.args, { stdio: ['ignore', 'ignore', stderrFd], detached: true, windowsHide: true })
    } finally {
      closeSync(stderrFd)
    }
    const qemu: Qemu = { pid: child.pid, adopted: false, kill: (signal) => child.kill(signal), release: () => child.unref() }
    this.process = qemu
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.onExit(qemu, code, signal)
        resolve()
      })
      child.once('error', (error) => {
        this.spawnError = String(error)
        this.onExit(qemu, null, null)
        resolve()
      })
    })
    // Every 50 ms: a marker (above all "ready") is acted on soon after the guest prints it.
    this.pollTimer = setInterval(() => this.readConsole(), 50)
    try {
      await this.waitFor('ready')
    } catch (error) {
      if (this.process === qemu) await this.kill()
      throw error
    }
  }

  /**
   * Takes back the QEMU an earlier Berth left running on this state folder (keepRunning): its
   * pidfile names a live process that is this VM's QEMU, and its monitor answers. The guest is up
   * already, so the state is running at once; whether the engine answers is for the caller to see.
   * Resolves false when there is nothing to take back.
   */
  adopt(): Promise<boolean> {
    if (this.process || this.disposed) return Promise.resolve(false)
    this.adopting ??= this.tryAdopt().finally(() => (this.adopting = undefined))
    return this.adopting
  }

  private async tryAdopt(): Promise<boolean> {
    const { stateDir, settings, logger } = this.options
    const files = stateFiles(stateDir)
    const leftover = judgeLeftover(readTextIfAny(files.pidFile), files.pidFile, (pid) => readPidFacts(pid))
    if (leftover.kind === 'foreign') logger.debug(`The VM's pidfile names pid ${leftover.pid}, which is not its QEMU (any more).`)
    if (leftover.kind !== 'ours') return false
    const { pid } = leftover
    let qmp: QmpClient
    try {
      qmp = await QmpClient.connect(files.qmpSocket, 5000)
    } catch (error) {
      // Unsure it was ours (no /proc to read): a monitor that does not answer says it was not.
      if (!leftover.sure) return false
      throw new AppError('CONFLICT', `QEMU (pid ${pid}), left running by an earlier Berth, still holds this VM but its monitor does not answer (${String(error)}); another Berth may be using it. If none is, end it (kill ${pid}) and start the VM again.`)
    }
    let running: string
    try {
      running = String(((await qmp.execute('query-status')) as { status?: unknown }).status)
    } catch (error) {
      running = `unknown (${String(error)})`
    }
    if (running !== 'running') {
      qmp.dispose()
      throw new AppError('CONFLICT', `QEMU (pid ${pid}), left running by an earlier Berth, holds this VM in the state "${running}". End it (kill ${pid}) and start the VM again.`)
    }
    if (this.process || this.disposed) {
      qmp.dispose()
      return false
    }
    this.keys = ensureVmKeys(stateDir, settings.sshPort)
    // The last boot's markers still give its figures; new output is read from the current end, and
    // none of it decides readiness (the guest said "ready" long ago).
    const earlier = readFrom(files.consoleLog, 0)
    this.markers = parseMarkers(earlier.toString('utf8'))
    this.consoleOffset = earlier.length
    this.splitter = new LineSplitter()
    this.spawnError = ''
    this.qmpClient = qmp
    let watch: NodeJS.Timeout | undefined
    const qemu: Qemu = {
      pid,
      adopted: true,
      kill: (signal) => {
        try {
          process.kill(pid, signal)
        } catch {
          // gone already
        }
      },
      release: () => clearInterval(watch),
    }
    this.process = qemu
    this.exited = new Promise((resolve) => {
      // Not our child, so no exit event: its pid is polled, and a closing monitor asks at once.
      const check = () => {
        if (this.process !== qemu || isAlive(pid)) return
        clearInterval(watch)
        this.onExit(qemu, null, null)
        resolve()
      }
      watch = setInterval(check, 500)
      qmp.onClose(() => setTimeout(check, 100))
    })
    this.pollTimer = setInterval(() => this.readConsole(), 50)
    logger.info(`Took back the VM left running by an earlier Berth (QEMU pid ${pid}).`)
    this.setState({ status: 'running', since: mtimeOf(files.pidFile) })
    return true
  }

  /**
   * Lets go of QEMU without stopping it: the person keeps the VM running after Berth quits, and the
   * next Berth takes it back (adopt). The forwards and the guest stay as they are.
   */
  detach(): void {
    const qemu = this.process
    if (!qemu) return
    this.process = undefined
    clearInterval(this.pollTimer)
    this.qmpClient?.dispose()
    this.qmpClient = undefined
    qemu.release()
    this.state = { status: 'stopped' }
    this.options.logger.info(`The VM keeps running after Berth (QEMU pid ${qemu.pid}); the next start of Berth takes it back.`)
  }

  /** Stops cleanly (the guest powers off), then quits or kills QEMU when it takes longer than the timeout. */
  async stop(): Promise<void> {
    const qemu = this.process
    if (!qemu || this.state.status === 'stopped' || this.state.status === 'crashed') {
      this.setState({ status: 'stopped' })
      return
    }
    this.setState({ status: 'stopping' })
    const timeoutMs = this.options.stopTimeoutMs ?? 20_000
    const exited = this.exited!
    const clean = this.options.requestPoweroff?.().catch((error: unknown) => this.options.logger.warn(`VM poweroff request failed: ${String(error)}`))
    if (!clean) await this.qmpClient?.execute('system_powerdown').catch(() => undefined)
    if (await within(exited, timeoutMs)) return
    this.options.logger.warn('The VM did not power off in time; quitting QEMU')
    await this.qmpClient?.execute('quit').catch(() => undefined)
    if (await within(exited, 3000)) return
    qemu.kill('SIGKILL')
    await exited
  }

  async restart(): Promise<void> {
    await this.stop()
    await this.start()
  }

  /** Kills QEMU at once (the guest loses what it had not written). */
  async kill(): Promise<void> {
    const qemu = this.process
    if (!qemu) return
    this.setState({ status: 'stopping' })
    qemu.kill('SIGKILL')
    await this.exited
  }

  /** Kills QEMU (to keep it running, detach first) and lets go of everything. */
  dispose(): void {
    this.disposed = true
    clearInterval(this.pollTimer)
    this.qmpClient?.dispose()
    this.process?.kill('SIGKILL')
    this.process?.release()
    this.changed.clear()
    this.phaseReached.clear()
  }

  private readConsole(): void {
    const chunk = readFrom(stateFiles(this.options.stateDir).consoleLog, this.consoleOffset)
    if (chunk.length === 0) return
    this.consoleOffset += chunk.length
    for (const line of this.splitter.push(chunk.toString('utf8'))) {
      for (const marker of parseMarkers(line)) this.onMarker(marker)
      const failure = this.state.status === 'starting' ? engineFailureOf(line) : undefined
      // The start fails now with dockerd's own reason, instead of at the start timeout.
      if (failure) this.setState({ status: 'crashed', reason: `The engine in the VM did not start: ${failure}. Restart the VM; the console log has the rest.` })
    }
    if (!this.qmpClient && existsSync(stateFiles(this.options.stateDir).qmpSocket)) void this.connectQmp()
  }

  private onMarker(marker: PhaseMarker): void {
    this.markers.push(marker)
    const phase = startPhaseOf(marker.phase)
    if (this.state.status === 'starting') {
      // Progress only moves forward: the guest finishes booting (sshd, shares) while dockerd starts.
      if (phase === 'ready') this.setState({ status: 'running', since: new Date().toISOString() })
      else if (START_ORDER.indexOf(phase) > START_ORDER.indexOf(this.state.phase)) this.setState({ ...this.state, phase })
    }
    this.phaseReached.fire(marker)
  }

  private connecting = false
  private async connectQmp(): Promise<void> {
    if (this.connecting) return
    this.connecting = true
    try {
      const client = await QmpClient.connect(stateFiles(this.options.stateDir).qmpSocket)
      if (this.process) this.qmpClient = client
      else client.dispose()
    } catch (error) {
      this.options.logger.debug(`QMP not ready yet: ${String(error)}`)
    } finally {
      this.connecting = false
    }
  }

  private onExit(qemu: Qemu, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.process !== qemu) return
    this.readConsole()
    clearInterval(this.pollTimer)
    this.process = undefined
    this.qmpClient?.dispose()
    this.qmpClient = undefined
    // QEMU removes its pidfile when it quits, not when it is killed: a stale one must not name a reused pid.
    rmSync(stateFiles(this.options.stateDir).pidFile, { force: true })
    if (this.state.status === 'stopping') {
      this.setState({ status: 'stopped' })
      return
    }
    if (/ENOENT/.test(this.spawnError)) {
      this.setState({ status: 'crashed', reason: `QEMU (${this.options.qemuBinary ?? (this.options.arch === 'arm64' ? 'qemu-system-aarch64' : 'qemu-system-x86_64')}) is not installed or not on the PATH. Install QEMU and start the VM again.` })
      return
    }
    // An adopted QEMU is not our child: its exit code and signal are not ours to read.
    const how = qemu.adopted ? `(pid ${qemu.pid}, kept running from an earlier Berth) exited` : signal ? `was killed (${signal})` : `exited with code ${code}`
    const stderr = `${readTail(stateFiles(this.options.stateDir).stderrLog, 4000)}\n${this.spawnError}`
    const detail = stderr.trim().split('\n').slice(-3).join(' ')
    const reason = `QEMU ${how} while the VM was ${this.state.status}${detail ? `: ${detail}` : ''}. Restart the VM; the console log may say more.`
    this.options.logger.warn(reason)
    this.setState({ status: 'crashed', reason })
  }

  /** Resolves when the guest reaches this phase; rejects when QEMU exits first or on timeout. */
  private waitFor(phase: 'ready'): Promise<void> {
    if (this.state.status === 'running') return Promise.resolve()
    const timeoutMs = this.options.startTimeoutMs ?? 180_000
    return new Promise((resolve, reject) => {
      const subs: Disposable[] = []
      const done = (error?: Error) => {
        clearTimeout(timer)
        subs.forEach((s) => s.dispose())
        if (error) reject(error)
        else resolve()
      }
      const timer = setTimeout(() => done(new AppError('ENGINE_UNREACHABLE', `The VM did not reach "${phase}" within ${timeoutMs / 1000} s. Its console log may say why.`)), timeoutMs)
      subs.push(
        this.changed.on((status) => {
          if (status.state.status === 'running') done()
          else if (status.state.status === 'crashed') done(new AppError('ENGINE_UNREACHABLE', status.state.reason))
          else if (status.state.status === 'stopped' || status.state.status === 'stopping') done(new AppError('CANCELLED', 'The VM was stopped while it started.'))
        }),
      )
    })
  }

  private setState(state: VmState): void {
    this.state = state
    this.changed.fire(this.status())
  }
}

/** When QEMU wrote its pidfile: about when the adopted VM started. */
function mtimeOf(path: string): string {
  try {
    return statSync(path).mtime.toISOString()
  } catch {
    return new Date().toISOString()
  }
}

function within(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms)
    void promise.then(() => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}
