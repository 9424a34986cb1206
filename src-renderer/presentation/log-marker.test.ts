import { describe, expect, it } from 'vitest'
import { markerText } from './log-marker'

describe('markerText', () => {
  const t = (key: string, named: Record<string, unknown>) => `${key}${named.code === undefined ? '' : `(${String(named.code)})`}`
  it('names the marker and the exit code', () => {
    expect(markerText(t, 'stopped:137')).toBe('logs.marker.stoppedWithCode(137)')
    expect(markerText(t, 'stopped')).toBe('logs.marker.stopped')
    expect(markerText(t, 'reconnected')).toBe('logs.marker.reconnected')
  })
})
