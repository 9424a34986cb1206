import type { Duplex, Readable } from 'node:stream'
import type Dockerode from 'dockerode'
import { FrameDemuxer } from '../logs/demux'

/** The engine calls a terminal makes, over dockerode's modem (hijacked connections). */

/** POST /exec/{id}/start, hijacked: a duplex of the process's stdin and its (raw or framed) output. */
export async function startHijackedExec(docker: Dockerode, execId: string, tty: boolean): Promise<Duplex> {
  return (await docker.getExec(execId).start({ hijack: true, stdin: true, Tty: tty })) as unknown as Duplex
}

/** POST /containers/{id}/attach, hijacked; the detach keys let Berth leave without closing the container's stdin. */
export function openAttach(docker: Dockerode, containerId: string, stdin: boolean): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: `/containers/${encodeURIComponent(containerId)}/attach?`,
        method: 'POST',
        isStream: true,
        hijack: true,
        openStdin: stdin,
        statusCodes: { 101: true, 200: true, 404: 'no such container', 409: 'container is paused', 500: 'server error' },
        options: { stream: true, stdin, stdout: true, stderr: true, detachKeys: DETACH_KEYS_OPTION },
      } as Parameters<Dockerode['modem']['dial']>[0],
      (error: unknown, stream: unknown) => (error ? reject(error) : resolve(stream as Duplex)),
    )
  })
}

export const DETACH_KEYS_OPTION = 'ctrl-p,ctrl-q'
/** What typing the detach keys sends: the engine then closes the attach without touching stdin. */
export const DETACH_SEQUENCE = '\x10\x11'

/**
 * Runs a short command in a container without a TTY and answers its stdout and exit code
 * (`docker exec <id> <cmd>`); used to find shells and to end a session's processes.
 */
export async function execAndRead(docker: Dockerode, containerId: string, cmd: string[], options: { user?: string } = {}): Promise<{ stdout: string; exitCode: number | null }> {
  const exec = await docker.getContainer(containerId).exec({
    Cmd: cmd,
    AttachStdout: true,
    AttachStderr: true,
    ...(options.user ? { User: options.user } : {}),
  })
  const stream = (await exec.start({ hijack: false, stdin: false, Tty: false })) as unknown as Readable
  const parts: Buffer[] = []
  const demux = new FrameDemuxer({
    frameStart() {},
    data: (which, bytes) => {
      if (which === 'stdout') parts.push(Buffer.from(bytes))
    },
  })
  await new Promise<void>((resolve, reject) => {
    stream.on('data', (chunk: Buffer) => demux.push(chunk))
    stream.once('end', resolve)
    stream.once('close', resolve)
    stream.once('error', reject)
  })
  // The output can end a moment before the engine records the exit code.
  let info = await exec.inspect()
  for (let i = 0; i < 20 && (info.Running || info.ExitCode === null); i++) {
    await new Promise((r) => setTimeout(r, 25 * (i + 1)))
    info = await exec.inspect()
  }
  return { stdout: Buffer.concat(parts).toString('utf8'), exitCode: info.ExitCode }
}
