import type { IncomingMessage } from 'node:http'
import type Dockerode from 'dockerode'
import type { LogSource } from '../../src-shared/models/log'

export interface LogQuery {
  follow: boolean
  timestamps: boolean
  tail: number | 'all'
  /** `<seconds>.<nanoseconds>`, the engine's form. */
  since?: string
}

/**
 * GET /containers/{id}/logs as a stream, always. dockerode's `logs()` buffers the whole response in
 * memory unless it follows; saving a big log must not.
 */
export function openLogStream(docker: Dockerode, containerId: string, query: LogQuery, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(containerId)}/logs?`,
        method: 'GET',
        isStream: true,
        abortSignal: signal,
        statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
        options: {
          follow: query.follow,
          stdout: true,
          stderr: true,
          timestamps: query.timestamps,
          tail: query.tail,
          ...(query.since ? { since: query.since } : {}),
        },
      } as Parameters<Dockerode['modem']['dial']>[0],
      (error: unknown, stream: unknown) => (error ? reject(error) : resolve(stream as IncomingMessage)),
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
