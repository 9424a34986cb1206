import type { ExecApi, StreamSink } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type { ShellChoice, TerminalChunk } from '../../src-shared/models/terminal'
import type { EngineRegistry } from '../engines/engine-registry'
import { execAndRead } from '../exec/engine-exec'
import { FIND_SHELLS_SCRIPT } from '../exec/exec-scripts'
import { runAttachSession, runExecSession, type ExecRequest, type SessionControls, type SessionHost } from '../exec/terminal-session'
import type { Logger } from '../platform/logger'
import { engineCall } from './engine-call'

/** How many containers' "has /bin/sh" answers are remembered. */
const SHELL_CACHE_SIZE = 200

/** Terminals: exec sessions and attaches, and the write/resize calls that reach them by session id. */
export class ExecService implements ExecApi {
  private readonly sessions = new Map<string, SessionControls>()
  private readonly shellCache = new Map<string, boolean>()
  private readonly cleanups = new Set<Promise<void>>()

  constructor(
    private readonly registry: EngineRegistry,
    private readonly logger: Logger,
  ) {}

  async shells(engineId: string, containerRef: string): Promise<ShellChoice[]> {
    const engine = this.registry.get(engineId)
    const info = await engineCall(engine, () => engine.docker.getContainer(containerRef).inspect())
    if (!info.State.Running) return []
    const found = await engineCall(engine, () => execAndRead(engine.docker, info.Id, ['/bin/sh', '-c', FIND_SHELLS_SCRIPT])).catch(() => undefined)
    const paths = (found?.stdout ?? '').split('\n').filter((line) => line.startsWith('/'))
    this.remember(`${engineId}/${info.Id}`, paths.includes('/bin/sh'))
    // One entry per shell name (bash in /bin and /usr/bin is one choice).
    const byName = new Map<string, ShellChoice>()
    for (const path of paths) {
      const name = path.slice(path.lastIndexOf('/') + 1)
      if (!byName.has(name)) byName.set(name, { path, name })
    }
    return [...byName.values()]
  }

  session(engineId: string, containerRef: string, options: ExecRequest, sink: StreamSink<TerminalChunk>): Promise<void> {
    const engine = this.registry.get(engineId)
    return runExecSession(engine, containerRef, options, sink, this.hostFor(engineId), this.logger)
  }

  attach(engineId: string, containerRef: string, options: { cols: number; rows: number }, sink: StreamSink<TerminalChunk>): Promise<void> {
    return runAttachSession(this.registry.get(engineId), containerRef, options, sink, this.hostFor(engineId))
  }

  write(sessionId: string, data: string): void {
    this.controls(sessionId).write(data)
  }

  async resize(sessionId: string, cols: number, rows: number): Promise<void> {
    await this.controls(sessionId).resize(cols, rows)
  }

  /** Resolves when every closed session's processes have been ended; tests wait on it. */
  async settled(): Promise<void> {
    while (this.cleanups.size > 0) await Promise.allSettled([...this.cleanups])
  }

  /** How many sessions are open; leak tests read it. */
  get sessionCount(): number {
    return this.sessions.size
  }

  private hostFor(engineId: string): SessionHost {
    return {
      register: (id, controls) => this.sessions.set(id, controls),
      unregister: (id) => this.sessions.delete(id),
      hasShell: (containerId) => this.hasShell(engineId, containerId),
      track: (work) => {
        const tracked = work.finally(() => this.cleanups.delete(tracked))
        this.cleanups.add(tracked)
      },
    }
  }

  private controls(sessionId: string): SessionControls {
    const controls = this.sessions.get(sessionId)
    if (!controls) throw new AppError('NOT_FOUND', 'This terminal session has ended: open a new one.')
    return controls
  }

  private async hasShell(engineId: string, containerId: string): Promise<boolean> {
    const key = `${engineId}/${containerId}`
    const known = this.shellCache.get(key)
    if (known !== undefined) return known
    const engine = this.registry.get(engineId)
    const result = await execAndRead(engine.docker, containerId, ['/bin/sh', '-c', 'exit 0']).catch(() => undefined)
    const has = result?.exitCode === 0
    // Only a definite answer is kept: a probe that failed (a busy engine) is asked again next time.
    if (result && (has || result.exitCode === 126 || result.exitCode === 127)) this.remember(key, has)
    return has
  }

  private remember(key: string, has: boolean): void {
    this.shellCache.delete(key)
    this.shellCache.set(key, has)
    if (this.shellCache.size > SHELL_CACHE_SIZE) this.shellCache.delete(this.shellCache.keys().next().value as string)
  }
}
