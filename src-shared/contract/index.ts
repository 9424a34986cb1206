import { channelOf, type ClientOf, type DomainSpec, type ServiceOf } from './define'
import { containersSpec } from './containers'
import { diskSpec } from './disk'
import { enginesSpec } from './engines'
import { imagesSpec } from './images'
import { layersSpec } from './layers'
import { networksSpec } from './networks'
import { logsSpec } from './logs'
import { systemSpec } from './system'
import { execSpec } from './exec'
import { statsSpec } from './stats'
import { volumesSpec } from './volumes'
import { vmSpec } from './vm'

export * from './define'
export * from './common'
export * from './containers'
export * from './disk'
export * from './engines'
export * from './images'
export * from './layers'
export * from './networks'
export * from './logs'
export * from './system'
export * from './exec'
export * from './stats'
export * from './volumes'
export * from './vm'

/** THE API: every domain, by name. Adding a domain here is all a transport needs. */
export const contract = {
  containers: containersSpec,
  engines: enginesSpec,
  logs: logsSpec,
  system: systemSpec,
  exec: execSpec,
  stats: statsSpec,
  volumes: volumesSpec,
  networks: networksSpec,
  disk: diskSpec,
  images: imagesSpec,
  layers: layersSpec,
  vm: vmSpec,
} satisfies Record<string, DomainSpec>

export type Contract = typeof contract
export type Domain = keyof Contract
export type Services = { [D in Domain]: ServiceOf<Contract[D]> }
export type Client = { [D in Domain]: ClientOf<Contract[D]> }

/** Cancels a stream by id; not part of any domain. */
export const STREAM_CANCEL_CHANNEL = 'stream:cancel'
/** The one push channel: every stream's chunks and ends. */
export const STREAM_EVENT_CHANNEL = 'stream:event'

/** Every channel a window may invoke: the allow-list for the preload and the bridge. */
export const INVOKE_CHANNELS: readonly string[] = [
  ...Object.entries(contract).flatMap(([domain, spec]) =>
    Object.keys(spec).map((method) => channelOf(domain, method)),
  ),
  STREAM_CANCEL_CHANNEL,
]

/** Every channel a window may subscribe to. */
export const SUBSCRIBE_CHANNELS: readonly string[] = [STREAM_EVENT_CHANNEL]
