import { lineCount, lineTexts, lineTimestamp } from '../../../src-shared/log-frame'
import type { LogBatch, LogMarker } from '../../../src-shared/models/log'
import type { StreamEvent } from '../../../src-shared/models/stream'
import type { Core } from '../../core'
import type { RouterClient } from '../../rpc/router'

export interface FollowedLine {
  stream: string
  text: string
  timestamp: string
}

/** Drives `logs:follow` through the router as a window would, and keeps what it hears; for tests and the bench. */
export class FollowClient implements RouterClient {
  readonly batches: LogBatch[] = []
  /** Lines and markers in order; a marker is `{ stream: 'marker', text: kind }`. */
  readonly entries: FollowedLine[] = []
  readonly markers: LogMarker[] = []
  lineCount = 0
  end?: Extract<StreamEvent, { type: 'end' }>
  private streamId?: string

  constructor(
    private readonly core: Core,
    private readonly countOnly = false,
  ) {}

  emit(event: StreamEvent): void {
    if (event.type === 'end') {
      this.end = event
      return
    }
    const batch = event.data as LogBatch
    this.batches.push(batch)
    const n = lineCount(batch)
    this.lineCount += n
    // The bench only counts: splitting a million lines into objects would time the client.
    if (this.countOnly) {
      this.markers.push(...(batch.markers ?? []))
      return
    }
    const texts = lineTexts(batch)
    const markers = [...(batch.markers ?? [])]
    for (let i = 0; i <= n; i++) {
      while (markers[0]?.index === i) {
        const marker = markers.shift()!
        this.markers.push(marker)
        this.entries.push({ stream: 'marker', text: marker.kind, timestamp: marker.at })
      }
      if (i < n) this.entries.push({ stream: batch.stderr[i] ? 'stderr' : 'stdout', text: texts[i]!, timestamp: lineTimestamp(batch, i) })
    }
  }

  async follow(engineId: string, container: string, options: { tail: number | 'all'; since?: string }): Promise<this> {
    const result = await this.core.router.invoke(this, 'logs:follow', [engineId, container, options])
    if (!result.ok) throw new Error(result.error.message)
    this.streamId = (result.value as { streamId: string }).streamId
    return this
  }

  lines(): FollowedLine[] {
    return this.entries.filter((e) => e.stream !== 'marker')
  }

  markerKinds(): string[] {
    return this.markers.map((m) => m.kind)
  }

  async cancel(): Promise<void> {
    if (this.streamId) await this.core.router.invoke(this, 'stream:cancel', [this.streamId])
  }
}
