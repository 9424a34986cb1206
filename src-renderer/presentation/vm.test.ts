import { describe, expect, it } from 'vitest'
import { bootFigures, offersGuide, vmActions, vmStateKey, vmTone } from './vm'

describe('VM presentation', () => {
  it('offers the actions that fit the state', () => {
    expect(vmActions({ status: 'stopped' })).toEqual({ start: true, stop: false, restart: false, edit: true })
    expect(vmActions({ status: 'running', since: '' })).toEqual({ start: false, stop: true, restart: true, edit: false })
    expect(vmActions({ status: 'crashed', reason: 'x' }).start).toBe(true)
    expect(vmActions({ status: 'unavailable', reason: 'x' })).toEqual({ start: false, stop: false, restart: false, edit: false })
  })
  it('labels and colours the state, starting phases included', () => {
    const starting = { status: 'starting', phase: 'engineStarting', since: '', progress: { current: 1, max: 2, description: '' } } as const
    expect(vmStateKey(starting)).toBe('vm.state.starting.engineStarting')
    expect(vmStateKey({ status: 'stopped' })).toBe('vm.state.stopped')
    expect(vmTone(starting)).toEqual({ tone: 'warn', pulse: true })
    expect(vmTone({ status: 'crashed', reason: '' }).tone).toBe('error')
  })
  it('formats the boot split', () => {
    expect(bootFigures({ kernelSeconds: 6.52, initSeconds: 1.58 })).toEqual({ kernel: '6.5 s', init: '1.6 s', engine: '—' })
    expect(bootFigures(undefined)).toBeUndefined()
  })
  it('offers the guided first start on macOS and Windows, and on Linux only when no engine ever answered', () => {
    const down = { state: { status: 'disconnected', reason: 'x' } } as const
    const up = { state: { status: 'connected', since: '' } } as const
    const none = { loaded: true, list: [], everConnected: false }
    expect(offersGuide({ firstRun: true, hostPlatform: 'darwin' }, { loaded: false, list: [], everConnected: false })).toBe(true)
    expect(offersGuide({ firstRun: true, hostPlatform: 'win32' }, { ...none, list: [up] })).toBe(true)
    expect(offersGuide({ firstRun: false, hostPlatform: 'darwin' }, none)).toBe(false)
    expect(offersGuide(undefined, none)).toBe(false)
    expect(offersGuide({ firstRun: true, hostPlatform: 'linux' }, none)).toBe(true)
    expect(offersGuide({ firstRun: true, hostPlatform: 'linux' }, { ...none, list: [down] })).toBe(true)
    expect(offersGuide({ firstRun: true, hostPlatform: 'linux' }, { ...none, list: [down, up] })).toBe(false)
    expect(offersGuide({ firstRun: true, hostPlatform: 'linux' }, { ...none, list: [down], everConnected: true })).toBe(false)
    expect(offersGuide({ firstRun: true, hostPlatform: 'linux' }, { ...none, loaded: false })).toBe(false)
  })
})
