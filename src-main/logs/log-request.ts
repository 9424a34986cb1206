import type { Readable } from 'node:stream'
import type Dockerode from 'dockerode'
import type { LogSource } from '../../src-shared/models/log'
import { getOverSocket } from '../engines/socket-stream'
import { streamOpenerOf } from '../engines/ssh/ssh-agent'

export interface LogQuery {
  follow: boolean
  timestamps: boolean
  tail: number | 'all'
  /** `<seconds>.<nanoseconds>`, the engine's form. */
  since?: string
}

const REASONS = { 404: 'no such container', 500: 'server error' }

/**
 * GET /containers/{id}/logs as a stream, always. dockerode's `logs()` buffers the whole response in
 * memory unless it follows; saving a big log must not. On a local socket or over SSH the response
 * is read without Node's HTTP client (getOverSocket: dockerd sends each line as its own HTTP chunk,
 * which that client turns into an object and an event each).
 */
export function openLogStream(docker: Dockerode, containerId: string, query: LogQuery, signal: AbortSignal): Promise<Readable> {
  const params = {
    follow: query.follow,
    stdout: true,
    stderr: true,
    timestamps: query.timestamps,
    tail: query.tail,
    ...(query.since ? { since: query.since } : {}),
  }
  const path = `/containers/${encodeURIComponent(containerId)}/logs`
  const modem = docker.modem as { socketPath?: unknown; version?: unknown; agent?: unknown }
  // A local socket, or the engine's SSH session (ssh engines and the VM); a TCP engine keeps dockerode's way.
  const target = typeof modem.socketPath === 'string' && !modem.agent ? modem.socketPath : streamOpenerOf(modem.agent)
  if (target) {
    const search = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))
    return getOverSocket(target, `${typeof modem.version === 'string' ? `/${modem.version}` : ''}${path}?${search}`, signal, REASONS)
  }
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `${path}?`,
        method: 'GET',
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, ...REASONS },
        options: params,
      } as Parameters<Dockerode['modem']['dial']>[0],
      (error: unknown, stream: unknown) => (error ? reject(error) : resolve(stream as Readable)),
    )
  })
}

/** The bits of GET /containers/{id}/json a log needs. */
export interface ContainerLogState extends LogSource {
  startedAt: string
  exitCode: number
}

export async function inspectForLogs(docker: Dockerode, containerRef: string): Promise<ContainerLogState> {
  const info = await docker.getContainer(containerRef).inspect()
  const project = info.Config.Labels?.['com.docker.compose.project']
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    tty: info.Config.Tty,
    running: info.State.Running,
    ...(project ? { composeProject: project } : {}),
    startedAt: info.State.StartedAt,
    exitCode: info.State.ExitCode,
  }
}

/** The LogSource part of a ContainerLogState (the model sent to the window). */
export function toLogSource(state: ContainerLogState): LogSource {
  const { startedAt: _s, exitCode: _e, ...source } = state
  return source
}

/** An engine event's `timeNano` as the engine's `since` form. */
export function timeNanoToSince(timeNano: string): string {
  const padded = timeNano.padStart(10, '0')
  return `${padded.slice(0, -9)}.${padded.slice(-9)}`
}
