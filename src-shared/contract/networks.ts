import { z } from 'zod'
import { NETWORK_DRIVERS, type NetworkPrunePreview, type NetworkSummary } from '../models/networks'
import type { PruneResult } from '../models/volumes'
import { subnetProblem } from '../validation/cidr'
import { objectNameProblem } from '../validation/names'
import { EngineId } from './common'
import { call, returns, type ClientOf, type ServiceOf } from './define'

/** A network name or id. */
export const NetworkRef = z.string().min(1).max(200)
/** A container name or id. */
const ContainerRef = z.string().min(1).max(256)

export const NetworkCreateArgs = z
  .strictObject({
    name: z
      .string()
      .max(200)
      .superRefine((name, ctx) => {
        const problem = objectNameProblem(name, 'network')
        if (problem) ctx.addIssue({ code: 'custom', message: problem })
      }),
    driver: z.enum(NETWORK_DRIVERS),
    subnet: z.string().max(64).optional(),
    gateway: z.string().max(64).optional(),
    internal: z.boolean().optional(),
    labels: z.record(z.string().min(1).max(256), z.string().max(4096)).refine((r) => Object.keys(r).length <= 100, 'At most 100 labels.').optional(),
    parent: z.string().regex(/^[a-zA-Z0-9_.:-]{1,64}$/, 'A parent interface is a name like eth0.').optional(),
  })
  .superRefine((args, ctx) => {
    const problem = subnetProblem(args.subnet || undefined, args.gateway || undefined)
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [args.gateway && args.subnet ? 'gateway' : 'subnet'] })
    if (args.driver === 'null' && (args.subnet || args.gateway)) {
      ctx.addIssue({ code: 'custom', message: 'A null network has no addresses: leave the subnet and gateway empty.', path: ['subnet'] })
    }
  })

export const networksSpec = {
  /** Every network with its subnets and the containers attached, running or not. */
  list: call(z.tuple([EngineId]), returns<NetworkSummary[]>()),
  /** Creates a network; the subnet and gateway are checked first. */
  create: call(z.tuple([EngineId, NetworkCreateArgs]), returns<NetworkSummary>()),
  /** Removes one network; refused (naming them) while any container is attached. */
  remove: call(z.tuple([EngineId, NetworkRef]), returns<void>()),
  /** Attaches a container to a network. */
  connect: call(z.tuple([EngineId, NetworkRef, ContainerRef]), returns<void>()),
  /** Detaches a container from a network. */
  disconnect: call(z.tuple([EngineId, NetworkRef, ContainerRef]), returns<void>()),
  /** The exact networks a prune would remove: made by a person, no container attached. */
  prunePreview: call(z.tuple([EngineId]), returns<NetworkPrunePreview>()),
  /** Removes exactly the networks listed (ids from a preview); refuses, removing nothing, if any is now used or gone. */
  prune: call(z.tuple([EngineId, z.array(z.string().min(1).max(200)).min(1).max(10_000)]), returns<PruneResult>()),
}

export type NetworksApi = ServiceOf<typeof networksSpec>
export type NetworksClient = ClientOf<typeof networksSpec>
