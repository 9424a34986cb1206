import { describe, expect, it } from 'vitest'
import { bootSplit, engineFailureOf, LineSplitter, parseMarkers, startPhaseOf } from './console-markers'

describe('console markers', () => {
  it('reads the phases and the guest uptime, ignoring other output', () => {
    const log = '[    1.2] random kernel line\nBERTH-PHASE init 6.52\nBERTH-PHASE bogus 1\nBERTH-PHASE sshd 7.90\r\nBERTH-PHASE dockerd 8.10\nBERTH-PHASE ready 19.35\n'
    expect(parseMarkers(log)).toEqual([
      { phase: 'init', uptime: 6.52 },
      { phase: 'sshd', uptime: 7.9 },
      { phase: 'dockerd', uptime: 8.1 },
      { phase: 'ready', uptime: 19.35 },
    ])
    expect(bootSplit(parseMarkers(log))).toEqual({ kernelSeconds: 6.52, initSeconds: 1.58, engineSeconds: 11.25 })
    expect(bootSplit([])).toEqual({ kernelSeconds: undefined, initSeconds: undefined, engineSeconds: undefined })
  })
  it('maps guest phases to the start progress a person sees', () => {
    expect(['init', 'modules', 'disk', 'dockerd', 'ready'].map((p) => startPhaseOf(p as never))).toEqual(['booting', 'booting', 'booting', 'engineStarting', 'ready'])
  })
  it("reads why dockerd gave up from its last line, and nothing from other lines", () => {
    expect(engineFailureOf('failed to start daemon: Error initializing network controller: package not installed\r')).toBe('Error initializing network controller: package not installed')
    expect(engineFailureOf('time="…" level=info msg="Starting up"')).toBeUndefined()
  })

  it('keeps a marker split across two reads', () => {
    const split = new LineSplitter()
    expect(split.push('BERTH-PHA')).toEqual([])
    expect(split.push('SE ready 3.5\nnext')).toEqual(['BERTH-PHASE ready 3.5'])
  })
})
