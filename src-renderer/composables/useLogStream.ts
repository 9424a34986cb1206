import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import type { Subscription } from '../../src-shared/contract'
import type { AppError } from '../../src-shared/errors'
import type { LogBatch, LogMarkerKind, LogSource } from '../../src-shared/models/log'
import { useApi } from '../api'
import { LogBuffer } from './log-buffer'
import { LogRows } from './log-rows'

export type LogStreamStatus = 'connecting' | 'live' | 'stopped' | 'engine-lost' | 'ended' | 'error'

export interface LogStreamOptions {
  /** Rows kept; the oldest are dropped beyond it. */
  capacity?: number
  /** Lines of history to start with. */
  tail?: number | 'all'
  /** `containerId` is a compose project's name: follow its containers' merged log. */
  project?: boolean
}

/** The least time between two repaints while lines pour in. */
const PUBLISH_MS = 66
/** The most a repaint spends filtering and searching new rows, so a frame stays short. */
const SCAN_BUDGET_MS = 8
/** Errors that no retry will fix. */
const FINAL = new Set(['NOT_FOUND', 'INVALID_INPUT', 'UNSUPPORTED', 'UNAUTHORIZED'])
const STATUS_OF: Record<LogMarkerKind, LogStreamStatus> = {
  started: 'live',
  reconnected: 'live',
  stopped: 'stopped',
  disconnected: 'engine-lost',
  removed: 'ended',
}

/**
 * Follows one container's log into a bounded buffer. Rows live in plain arrays outside Vue's
 * reactivity; `version` changes (at most once a frame) when they did, which is all a view watches.
 * When the stream to main breaks (browser mode's socket), it resumes from the last timestamp and
 * skips what it already has.
 */
export function useLogStream(engineId: Ref<string>, containerId: Ref<string>, options: LogStreamOptions = {}) {
  const capacity = options.capacity ?? 1_000_000
  const buffer = shallowRef(new LogBuffer(capacity))
  const rows = shallowRef(new LogRows(buffer.value))
  const version = ref(0)
  const source = shallowRef<LogSource>()
  const status = ref<LogStreamStatus>('connecting')
  const error = shallowRef<AppError>()
  const dropped = ref(0)

  let subscription: Subscription | undefined
  let frame = 0
  let retryTimer: ReturnType<typeof setTimeout> | undefined
  let generation = 0

  const publish = () => {
    frame = 0
    // A frame's share of filtering and searching new rows; the rest waits for the next frame.
    const caughtUp = rows.value.update(performance.now() + SCAN_BUDGET_MS)
    dropped.value = buffer.value.dropped
    version.value++
    // Still scanning: go on at the next frame rather than after a whole publish interval.
    if (!caughtUp) {
      const mine = generation
      frame = requestAnimationFrame(() => {
        if (mine === generation) publish()
      })
    }
  }
  let lastPublish = 0
  const schedule = () => {
    if (frame !== 0) return
    // At most every PUBLISH_MS: a firehose repaints ~15 times a second, not once per batch. rAF
    // pauses in a hidden tab; the rows wait in the buffer and are scanned on return.
    const wait = lastPublish + PUBLISH_MS - performance.now()
    const mine = generation
    const later = () => {
      if (mine !== generation) return
      frame = requestAnimationFrame(() => {
        lastPublish = performance.now()
        publish()
      })
    }
    if (wait <= 0) later()
    else {
      frame = -1
      setTimeout(later, wait)
    }
  }

  function ingest(batch: LogBatch, dropUpTo: string | undefined, origin?: string): void {
    if (batch.source && !options.project) source.value = batch.source
    buffer.value.append(batch, dropUpTo, origin)
    const last = batch.markers?.at(-1)
    // In a project's log one container stopping is a row, not the whole stream's state.
    if (last && (!options.project || last.kind === 'disconnected' || last.kind === 'reconnected')) status.value = STATUS_OF[last.kind]
    else if (status.value === 'connecting') status.value = batch.source?.running === false ? 'stopped' : 'live'
    schedule()
  }

  function open(): void {
    const mine = ++generation
    const resumeFrom = buffer.value.lastTimestamp
    const tail = resumeFrom ? 'all' : (options.tail ?? 1000)
    const query = resumeFrom ? { tail, since: resumeFrom } : { tail }
    const onEnd = (failure?: AppError) => {
      if (mine !== generation) return
      subscription = undefined
      if (!failure) {
        status.value = 'ended'
        return
      }
      error.value = failure
      if (FINAL.has(failure.code)) {
        status.value = 'error'
        return
      }
      // The way to main broke (or main restarted the stream): resume where the buffer ends.
      status.value = 'engine-lost'
      retryTimer = setTimeout(open, 1000)
    }
    if (options.project) {
      subscription = useApi().logs.followProject(engineId.value, containerId.value, query, {
        onChunk: (batch) => {
          if (mine === generation) ingest(batch, resumeFrom, batch.container)
        },
        onEnd,
      })
      // A project may have no container yet: the stream is live once it is open.
      status.value = 'live'
      return
    }
    subscription = useApi().logs.follow(engineId.value, containerId.value, query, {
      onChunk: (batch) => {
        if (mine === generation) ingest(batch, resumeFrom)
      },
      onEnd,
    })
  }

  function stop(): void {
    generation++
    clearTimeout(retryTimer)
    subscription?.cancel()
    subscription = undefined
    if (frame > 0) cancelAnimationFrame(frame)
    frame = 0
  }

  function restart(): void {
    stop()
    buffer.value = new LogBuffer(capacity)
    rows.value = new LogRows(buffer.value)
    source.value = undefined
    error.value = undefined
    status.value = 'connecting'
    dropped.value = 0
    version.value++
    open()
  }

  /** Forgets what is shown; the stream goes on. */
  function clear(): void {
    buffer.value.clear()
    rows.value.update()
    version.value++
  }

  /**
   * Shows the rows as they are now (after the filter or search changed), and goes on scanning the
   * rest a frame's budget at a time: a search over a million rows never blocks the window.
   */
  function refresh(): void {
    version.value++
    if (!rows.value.caughtUp && frame === 0) {
      const mine = generation
      frame = requestAnimationFrame(() => {
        if (mine === generation) publish()
      })
    }
  }

  /** A deadline one frame's scanning budget from now, for LogRows.setSearch/setFilter. */
  const scanDeadline = () => performance.now() + SCAN_BUDGET_MS

  watch([engineId, containerId], restart, { immediate: true })
  onScopeDispose(stop)

  return { buffer, rows, version, source, status, error, dropped, clear, refresh, scanDeadline }
}

export type LogStream = ReturnType<typeof useLogStream>
