import type { EngineCapabilities, EngineEvent, EngineFlavor, EngineVersion } from '../../src-shared/models/engine'

/**
 * What an engine supports, by the software that answers. Services consult
 * `registry.get(id).capabilities` rather than testing for Podman themselves.
 *
 * Podman's Docker-compatible API (`podman system service`), as found with Debian's Podman 4.3
 * against Berth's integration tests (src-main/engines/podman.int.test.ts):
 * - GET /system/df answers zero sizes and mangled repo tags: unusable → `systemDf: false`; the
 *   Engines page says so, and disk.usage/prunePreview/prune answer UNSUPPORTED with the reason.
 * - GET /images/{name}/history answers `<missing>` or bare hex ids without `sha256:` for layers
 *   → `historyIds: false`; show rows by position and don't link to ids.
 * - Events: a removed container, volume or network is `remove` (Docker: `destroy`), a removed
 *   image `remove` (Docker: `delete`); normalizeEvent() maps them so stores that invalidate on
 *   Docker's names keep working. Podman's extra actions (`init`, `cleanup`, `exec_died`) pass untouched.
 * - Version: Platform.Name is `linux/amd64/debian-12`; Podman names itself in Components
 *   (`Podman Engine`), which is where flavorOf() looks.
 * - POST /exec/{id}/resize answers 201 instead of 200 → accept both (`execResizeStatus`).
 * - GET /containers/{id}/logs?follow=1 drops most lines of a fast or finished container
 *   → `logsFollowComplete: false`: LogFollower reads the history without follow, then follows
 *   with `since` = its last timestamp, dropping lines at or before it.
 * - Volumes, inspect, container lists and image lists answer as Docker does.
 */
export function capabilitiesOf(version: EngineVersion | undefined): EngineCapabilities {
  const flavor = flavorOf(version)
  if (flavor === 'podman') {
    return { flavor, systemDf: false, historyIds: false, logsFollowComplete: false, execResizeStatus: 201, dockerEventNames: false }
  }
  return { flavor, systemDf: true, historyIds: true, logsFollowComplete: true, execResizeStatus: 200, dockerEventNames: true }
}

/** Podman says so in its version's Platform or Components names. */
export function flavorOf(version: Pick<EngineVersion, 'platformName'> & { components?: string[] } | undefined): EngineFlavor {
  const names = [version?.platformName ?? '', ...(version?.components ?? [])].join(' ')
  return /podman/i.test(names) ? 'podman' : 'docker'
}

/** Podman's event names, as Docker names them (the original is kept in attributes.podmanAction). */
const PODMAN_ACTIONS: Record<string, Record<string, string>> = {
  container: { remove: 'destroy' },
  volume: { remove: 'destroy' },
  network: { remove: 'destroy' },
  image: { remove: 'delete' },
}

export function normalizeEvent(event: EngineEvent, capabilities: EngineCapabilities): EngineEvent {
  if (capabilities.dockerEventNames) return event
  const action = PODMAN_ACTIONS[event.type]?.[event.action]
  return action ? { ...event, action, attributes: { ...event.attributes, podmanAction: event.action } } : event
}
