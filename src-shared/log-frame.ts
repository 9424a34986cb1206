import { formatLogTime } from './log-time'
import type { LogBatch } from './models/log'

/** How many lines a batch holds. */
export function lineCount(batch: LogBatch): number {
  return batch.stderr.length
}

/** The batch's line texts, split out (tests and tools; the renderer keeps the joined text). */
export function lineTexts(batch: LogBatch): string[] {
  return batch.text === '' ? [] : batch.text.slice(0, -1).split('\n')
}

/** Line `i`'s engine timestamp as the engine writes it (`…T10:00:00.123456789Z`); '' when none. */
export function lineTimestamp(batch: LogBatch, i: number): string {
  const seconds = batch.seconds[i]!
  return Number.isNaN(seconds) ? '' : formatLogTime(seconds, batch.nanos[i]!)
}
