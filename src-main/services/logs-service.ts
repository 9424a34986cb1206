import type { LogsApi, StreamSink } from '../../src-shared/contract'
import type { LogBatch, LogFollowOptions, LogReadChunk, ProjectLogBatch } from '../../src-shared/models/log'
import type { EngineRegistry } from '../engines/engine-registry'
import { FrameDemuxer, RawStream } from '../logs/demux'
import type { LogBatcherOptions } from '../logs/log-batcher'
import { LogFollower } from '../logs/log-follower'
import { inspectForLogs, openLogStream } from '../logs/log-request'
import { ProjectFollower } from '../logs/project-follower'
import type { Logger } from '../platform/logger'
import { engineCall } from './engine-call'

/** Bytes per `read` chunk: big enough to be cheap, small enough to never hold much. */
const READ_CHUNK = 256 * 1024

export class LogsService implements LogsApi {
  constructor(
    private readonly registry: EngineRegistry,
    private readonly logger: Logger,
    private readonly batching?: LogBatcherOptions,
  ) {}

  follow(engineId: string, containerId: string, options: LogFollowOptions, sink: StreamSink<LogBatch>): Promise<void> {
    const engine = this.registry.get(engineId)
    return new LogFollower(engine, containerId, options, sink, this.logger, this.batching).run()
  }

  followProject(engineId: string, project: string, options: LogFollowOptions, sink: StreamSink<ProjectLogBatch>): Promise<void> {
    const engine = this.registry.get(engineId)
    return new ProjectFollower(engine, project, options, sink, this.logger, this.batching).run()
  }

  /**
   * The whole log again, from the engine: stdout and stderr payloads in the order the engine
   * framed them, which is what `docker logs <id> > file 2>&1` writes (the CLI copies each frame to
   * its stdout or stderr as it comes, unbuffered).
   */
  async read(engineId: string, containerId: string, sink: StreamSink<LogReadChunk>): Promise<void> {
    const engine = this.registry.get(engineId)
    const state = await engineCall(engine, () => inspectForLogs(engine.docker, containerId))
    const response = await engineCall(engine, () =>
      openLogStream(engine.docker, state.id, { follow: false, timestamps: false, tail: 'all' }, sink.signal),
    )
    let pending: Buffer[] = []
    let size = 0
    const flush = () => {
      if (size === 0) return
      sink.next({ data: Buffer.concat(pending, size).toString('base64') })
      pending = []
      size = 0
    }
    const collect = (bytes: Uint8Array) => {
      // The demuxer hands out views of the response's chunks; they are not reused, so keep them.
      pending.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
      size += bytes.length
      if (size >= READ_CHUNK) flush()
    }
    const handler = { frameStart() {}, data: (_stream: unknown, bytes: Uint8Array) => collect(bytes) }
    const input = state.tty ? new RawStream(handler) : new FrameDemuxer(handler)
    await engineCall(
      engine,
      () =>
        new Promise<void>((resolve, reject) => {
          response.on('data', (chunk: Buffer) => {
            try {
              input.push(chunk)
            } catch (error) {
              response.destroy()
              reject(error)
            }
          })
          response.once('end', resolve)
          response.once('error', reject)
          // Settles only if neither came first: cancelled, or the connection was cut.
          response.once('close', () =>
            sink.signal.aborted ? resolve() : reject(Object.assign(new Error('the log stream was cut'), { code: 'ECONNRESET' })),
          )
        }),
    )
    flush()
  }
}
