import { randomUUID } from 'node:crypto'
import type { Duplex } from 'node:stream'
import type { StreamSink } from '../../src-shared/contract'
import { AppError } from '../../src-shared/errors'
import type { TerminalChunk } from '../../src-shared/models/terminal'
import type { EngineConnection } from '../engines/engine-connection'
import { FrameDemuxer, RawStream } from '../logs/demux'
import type { Logger } from '../platform/logger'
import { engineCall } from '../services/engine-call'
import { DETACH_SEQUENCE, execAndRead, openAttach, startHijackedExec } from './engine-exec'
import { KILL_SESSION_SCRIPT, PidMarkerReader, wrapWithPidMarker } from './exec-scripts'
import { OutputBatcher } from './output-batcher'

/** What `exec.write` and `exec.resize` reach, by session id. */
export interface SessionControls {
  write(data: string): void
  resize(cols: number, rows: number): Promise<void>
}

export interface SessionHost {
  register(sessionId: string, controls: SessionControls): void
  unregister(sessionId: string): void
  /** Whether the container has /bin/sh (cached by the host): only then is a session's pid known. */
  hasShell(containerId: string): Promise<boolean>
  /** Work that goes on after the stream ended (ending the processes), so tests and dispose can wait. */
  track(work: Promise<void>): void
}

export interface ExecRequest {
  command: string[]
  user?: string
  tty: boolean
  cols: number
  rows: number
}

type Sink = StreamSink<TerminalChunk>

/** How long a session closed at once waits for its process's pid. */
const PID_WAIT_MS = 5_000

/** A new process in a container with a TTY; ends its processes when the stream is cancelled. */
export async function runExecSession(engine: EngineConnection, containerRef: string, request: ExecRequest, sink: Sink, host: SessionHost, logger: Logger): Promise<void> {
  const docker = engine.docker
  const info = await engineCall(engine, () => docker.getContainer(containerRef).inspect())
  const name = info.Name.replace(/^\//, '')
  requireRunning(info.State, name)
  const wrapped = await host.hasShell(info.Id)
  const exec = await engineCall(engine, () =>
    docker.getContainer(info.Id).exec({
      Cmd: wrapped ? wrapWithPidMarker(request.command) : request.command,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: request.tty,
      // xterm.js draws 256 colours; the engine would say `xterm`.
      Env: request.tty ? ['TERM=xterm-256color'] : [],
      ...(request.user ? { User: request.user } : {}),
    }),
  )
  if (sink.signal.aborted) return
  const socket = await engineCall(engine, () => startHijackedExec(docker, exec.id, request.tty))
  // Without the wrapper there is no marker to wait for (and no pid: see endProcesses).
  const marker = wrapped ? new PidMarkerReader() : undefined
  const resize = (cols: number, rows: number) => engineCall(engine, () => exec.resize({ h: rows, w: cols }))
  const sessionId = randomUUID()
  sink.next({ type: 'started', sessionId, mode: 'exec', command: request.command, tty: request.tty, stdin: true, containerId: info.Id, containerName: name })
  if (request.tty) void initialResize(resize, request.cols, request.rows)
  const closedByUser = await pipe(socket, request.tty, sink, sessionId, host, resize, marker, (text) => (marker ? marker.push(text) : text))
  if (closedByUser) {
    if (marker?.pid !== undefined) host.track(endProcesses(engine, info.Id, exec.id, marker.pid, logger))
    return
  }
  const state = await engineCall(engine, () => exec.inspect())
  await reportExit(engine, info.Id, sink, state.ExitCode ?? undefined)
}

/** The container's main process (`docker attach`): its output, and its stdin when the container keeps it open. */
export async function runAttachSession(engine: EngineConnection, containerRef: string, size: { cols: number; rows: number }, sink: Sink, host: SessionHost): Promise<void> {
  const docker = engine.docker
  const info = await engineCall(engine, () => docker.getContainer(containerRef).inspect())
  const name = info.Name.replace(/^\//, '')
  requireRunning(info.State, name)
  const tty = info.Config.Tty
  const stdin = info.Config.OpenStdin
  const socket = await engineCall(engine, () => openAttach(docker, info.Id, stdin))
  const container = docker.getContainer(info.Id)
  const resize = (cols: number, rows: number) => (tty ? engineCall(engine, () => container.resize({ h: rows, w: cols })) : Promise.resolve())
  const sessionId = randomUUID()
  const command = [...(info.Config.Entrypoint ?? []), ...(info.Config.Cmd ?? [])]
  sink.next({ type: 'started', sessionId, mode: 'attach', command, tty, stdin, containerId: info.Id, containerName: name })
  if (tty) void initialResize(resize, size.cols, size.rows)
  const closedByUser = await pipe(socket, tty, sink, sessionId, host, resize, undefined, (text) => text, stdin, true)
  if (!closedByUser) await reportExit(engine, info.Id, sink, undefined)
}

function requireRunning(state: { Running: boolean; Paused: boolean }, name: string): void {
  if (!state.Running) throw new AppError('CONFLICT', `The container ${name} is not running: start it to open a terminal.`)
  if (state.Paused) throw new AppError('CONFLICT', `The container ${name} is paused: unpause it to open a terminal.`)
}

/**
 * Carries a hijacked connection until it ends (resolves false) or the stream is cancelled
 * (resolves true, after closing it). Registers the session's controls meanwhile.
 */
function pipe(
  socket: Duplex,
  tty: boolean,
  sink: Sink,
  sessionId: string,
  host: SessionHost,
  resize: (cols: number, rows: number) => Promise<unknown>,
  marker: PidMarkerReader | undefined,
  filter: (text: string) => string,
  stdin = true,
  detachKeys = false,
): Promise<boolean> {
  const batcher = new OutputBatcher((data) => sink.next({ type: 'output', data }), filter)
  const handler = { frameStart() {}, data: (which: string, bytes: Uint8Array) => batcher.push(bytes, which) }
  const input = tty ? new RawStream(handler) : new FrameDemuxer(handler)
  host.register(sessionId, {
    write(data) {
      if (!stdin) throw new AppError('CONFLICT', 'This container does not keep its input open (it was not started with -i): you can only watch it.')
      if (!socket.destroyed) socket.write(data)
    },
    async resize(cols, rows) {
      await resize(cols, rows)
    },
  })
  return new Promise<boolean>((resolve) => {
    let settled = false
    const finish = (byUser: boolean) => {
      if (settled) return
      settled = true
      sink.signal.removeEventListener('abort', onAbort)
      host.unregister(sessionId)
      if (byUser) batcher.dispose()
      else {
        batcher.end()
        const held = marker?.flush()
        if (held) sink.next({ type: 'output', data: held })
      }
      resolve(byUser)
    }
    const close = () => {
      // Attach: leave with the detach keys first, so a container started with -i keeps its stdin.
      if (detachKeys && stdin && !socket.destroyed) socket.write(DETACH_SEQUENCE)
      socket.destroy()
      finish(true)
    }
    const onAbort = () => {
      if (!marker?.pending) return close()
      // Closed before the process told its pid: read on (the output goes nowhere) until it does,
      // or it could not be ended.
      const timer = setTimeout(close, PID_WAIT_MS)
      const check = () => {
        if (marker.pending) return
        clearTimeout(timer)
        close()
      }
      socket.on('data', check)
      socket.once('close', () => clearTimeout(timer))
    }
    if (sink.signal.aborted) return onAbort()
    sink.signal.addEventListener('abort', onAbort, { once: true })
    socket.on('data', (chunk: Buffer) => input.push(chunk))
    socket.once('close', () => finish(sink.signal.aborted))
    socket.once('end', () => {
      socket.destroy()
      finish(sink.signal.aborted)
    })
    socket.on('error', () => undefined)
  })
}

/** The engine may not know the exec's process yet right after start; the docker CLI retries the same way. */
async function initialResize(resize: (cols: number, rows: number) => Promise<unknown>, cols: number, rows: number): Promise<void> {
  for (let attempt = 1; attempt <= 10; attempt++) {
    try {
      await resize(cols, rows)
      return
    } catch {
      await new Promise((r) => setTimeout(r, attempt * 10))
    }
  }
}

/** The session ended on its own: say whether the container stopped under it. */
async function reportExit(engine: EngineConnection, containerId: string, sink: Sink, exitCode: number | undefined): Promise<void> {
  const inspect = () => engineCall(engine, () => engine.docker.getContainer(containerId).inspect()).catch(() => undefined)
  let info = await inspect()
  // A process killed by a signal may be the container stopping: the engine marks it stopped a moment later.
  for (let i = 0; i < 10 && info?.State.Running && (exitCode === undefined || exitCode >= 128); i++) {
    await new Promise((r) => setTimeout(r, 100))
    info = await inspect()
  }
  if (info && !info.State.Running) sink.next({ type: 'exit', reason: 'container-stopped', exitCode: info.State.ExitCode })
  else sink.next({ type: 'exit', reason: 'exited', ...(exitCode === undefined ? {} : { exitCode }) })
}

/**
 * Closing a TTY exec's connection does not end its process (the engine keeps the pty open), so
 * the session's processes are ended by pid from a second exec, unless they are already gone.
 */
async function endProcesses(engine: EngineConnection, containerId: string, execId: string, pid: number, logger: Logger): Promise<void> {
  try {
    const state = await engine.docker.getExec(execId).inspect()
    if (!state.Running) return
    await execAndRead(engine.docker, containerId, ['/bin/sh', '-c', KILL_SESSION_SCRIPT, 'sh', String(pid)], { user: '0' })
  } catch (error) {
    // The container stopped, or the engine went: nothing is left to end, or nothing can be.
    logger.debug(`ending terminal processes in ${containerId.slice(0, 12)} failed`, error)
  }
}
