import type { EngineEvent } from '../../src-shared/models/engine'

interface RawEvent {
  Type?: string
  Action?: string
  Actor?: { ID?: string; Attributes?: Record<string, string> }
  id?: string
  timeNano?: number | string
  time?: number
}

/** Reads the engine's newline-delimited JSON events, however the chunks split them. */
export function parseEngineEvents(stream: NodeJS.ReadableStream, onEvent: (event: EngineEvent) => void): void {
  let buffered = ''
  stream.on('data', (chunk: Buffer | string) => {
    buffered += chunk.toString()
    let newline = buffered.indexOf('\n')
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim()
      buffered = buffered.slice(newline + 1)
      if (line) {
        const event = toEngineEvent(line)
        if (event) onEvent(event)
      }
      newline = buffered.indexOf('\n')
    }
  })
}

export function toEngineEvent(line: string): EngineEvent | undefined {
  let raw: RawEvent
  try {
    raw = JSON.parse(line) as RawEvent
  } catch {
    return undefined
  }
  return {
    type: raw.Type ?? 'unknown',
    action: raw.Action ?? 'unknown',
    id: raw.Actor?.ID ?? raw.id ?? '',
    attributes: raw.Actor?.Attributes ?? {},
    // Read from the text: a JSON number cannot hold nanoseconds since the epoch exactly.
    timeNano: /"timeNano":(\d+)/.exec(line)?.[1] ?? String((raw.time ?? 0) * 1e9),
  }
}
