import { describe, expect, it } from 'vitest'
import { capabilitiesOf, flavorOf, normalizeEvent } from './engine-capabilities'

const docker = { version: '20.10.24', apiVersion: '1.41', os: 'linux', arch: 'amd64', platformName: 'Docker Engine - Community' }
const podman = { ...docker, version: '4.3.1', platformName: 'Podman Engine' }

describe('engine capabilities', () => {
  it('tells Podman from Docker by what the version says', () => {
    expect(flavorOf(docker)).toBe('docker')
    expect(flavorOf(podman)).toBe('podman')
    expect(flavorOf(undefined)).toBe('docker')
  })

  it('marks what Podman answers differently', () => {
    expect(capabilitiesOf(podman)).toMatchObject({ flavor: 'podman', systemDf: false, historyIds: false, logsFollowComplete: false, execResizeStatus: 201 })
    expect(capabilitiesOf(docker)).toMatchObject({ flavor: 'docker', systemDf: true, historyIds: true, logsFollowComplete: true })
  })

  it("names Podman's container events as Docker does, keeping the original", () => {
    const event = { type: 'container', action: 'remove', id: 'c', attributes: {}, timeNano: '1' }
    expect(normalizeEvent(event, capabilitiesOf(podman))).toMatchObject({ action: 'destroy', attributes: { podmanAction: 'remove' } })
    expect(normalizeEvent(event, capabilitiesOf(docker))).toBe(event)
  })
})
