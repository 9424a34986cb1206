import type { StreamSink } from '../../src-shared/contract'
import type { EngineEvent } from '../../src-shared/models/engine'
import { COMPOSE_PROJECT_LABEL as PROJECT_LABEL } from '../../src-shared/models/container'
import type { LogBatch, LogFollowOptions, ProjectLogBatch } from '../../src-shared/models/log'
import type { EngineConnection } from '../engines/engine-connection'
import { untilAborted, type Disposable } from '../platform/disposable'
import type { Logger } from '../platform/logger'
import { engineCall } from '../services/engine-call'
import type { LogBatcherOptions } from './log-batcher'
import { LogFollower } from './log-follower'

/**
 * One `logs.followProject`: a LogFollower per container of the compose project, their batches
 * merged in arrival order and tagged with the container's name. A container that starts with the
 * project's label later joins (with its whole log: it is new); one that is removed leaves when its
 * follower ends. Runs until cancelled.
 */
export class ProjectFollower {
  private readonly followers = new Map<string, Promise<void>>()

  constructor(
    private readonly engine: EngineConnection,
    private readonly project: string,
    private readonly options: LogFollowOptions,
    private readonly sink: StreamSink<ProjectLogBatch>,
    private readonly logger: Logger,
    private readonly batching?: LogBatcherOptions,
  ) {}

  async run(): Promise<void> {
    // Subscribed before listing, so a container starting in between is not missed (the map dedupes).
    const subscription: Disposable = this.engine.onEvent((e) => this.onEvent(e))
    try {
      const containers = await engineCall(this.engine, () =>
        this.engine.docker.listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${this.project}`] } }),
      )
      for (const c of containers) this.follow(c.Id, (c.Names[0] ?? c.Id).replace(/^\//, ''), this.options)
      await untilAborted(this.sink.signal)
    } finally {
      subscription.dispose()
      await Promise.allSettled([...this.followers.values()])
    }
  }

  private onEvent(event: EngineEvent): void {
    if (event.type !== 'container' || event.action !== 'start') return
    if (event.attributes[PROJECT_LABEL] !== this.project) return
    // A newcomer's log is all new: read it whole (or from the resume point).
    this.follow(event.id, event.attributes.name ?? event.id.slice(0, 12), { tail: 'all', since: this.options.since })
  }

  private follow(id: string, name: string, options: LogFollowOptions): void {
    if (this.followers.has(id) || this.sink.signal.aborted) return
    const sink = this.sink
    const tagged: StreamSink<LogBatch> = { signal: sink.signal, next: (batch) => sink.next({ ...batch, container: name }) }
    const follower = new LogFollower(this.engine, id, options, tagged, this.logger, this.batching)
    const done = follower
      .run()
      .catch((error: unknown) => this.logger.warn(`the log of ${name} in project ${this.project} ended`, error))
      .finally(() => this.followers.delete(id))
    this.followers.set(id, done)
  }
}
