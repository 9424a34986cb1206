import type { Disposable } from '../../platform/disposable'
import type { Logger } from '../../platform/logger'
import type { EngineConnection } from '../engine-connection'

/**
 * The guest's nft set of the bridges whose containers may reach beyond their own subnet (see
 * nat.nft in scripts/vm/build-guest.sh): every other bridge but docker0 is closed.
 */
export const EGRESS_SET = 'inet berth egress'

/** What a network's list entry or inspect says that matters here. */
export interface BridgeNetworkInfo {
  Id: string
  Driver?: string
  Internal?: boolean
  Options?: Record<string, string> | null
}

/** The host interface of a bridge network: its `com.docker.network.bridge.name` option, else dockerd's `br-` + 12 characters of its id. */
export function bridgeInterface(network: BridgeNetworkInfo): string | undefined {
  if (network.Driver !== 'bridge') return undefined
  return network.Options?.['com.docker.network.bridge.name'] || `br-${network.Id.slice(0, 12)}`
}

/**
 * Names that go into the nft command and the shell around it unquoted by anything but double
 * quotes. Linux allows nearly any character in an interface name; one outside these stays closed.
 */
export const isSafeInterface = (name: string) => /^[A-Za-z0-9_.-]{1,15}$/.test(name)

/**
 * One guest command, one nft transaction, that opens (true) or closes (false) each interface;
 * `replace` empties the set first, so it then holds exactly the open ones. A close adds before it
 * deletes, so it succeeds whether or not the name was there (nft fails a batch on a missing
 * element). Undefined when there is nothing to do.
 */
export function egressCommand(changes: ReadonlyMap<string, boolean>, replace = false): string | undefined {
  const names = [...changes.keys()]
  const unsafe = names.find((n) => !isSafeInterface(n))
  if (unsafe !== undefined) throw new Error(`"${unsafe}" cannot be written into an nft command`)
  const list = (open: boolean) =>
    names
      .filter((n) => changes.get(n) === open)
      .map((n) => `"${n}"`)
      .join(', ')
  const statements: string[] = []
  if (replace) statements.push(`flush set ${EGRESS_SET}`)
  const opened = list(true)
  if (opened) statements.push(`add element ${EGRESS_SET} { ${opened} }`)
  const closed = list(false)
  if (closed) statements.push(`add element ${EGRESS_SET} { ${closed} }`, `delete element ${EGRESS_SET} { ${closed} }`)
  return statements.length > 0 ? `/usr/sbin/nft '${statements.join('; ')}'` : undefined
}

interface NetworkChange {
  action: 'create' | 'destroy'
  id: string
  /** The driver, from the event's attributes. */
  type?: string
}

/**
 * Lets the VM's networks that are not `--internal` reach out, as dockerd's iptables rules would:
 * the guest closes every new bridge (fail-closed, nothing to race), and this opens each one that
 * is not internal when the engine reports it (create), closes its name again when it goes
 * (destroy), and rewrites the whole set whenever the engine (re)connects. Changes are applied in
 * event order; those that arrive while a command runs go together in the next one.
 */
export class NetworkEgress implements Disposable {
  /** Network id → its interface, for a destroy (the network cannot be inspected any more). */
  private readonly interfaces = new Map<string, string>()
  private pending: NetworkChange[] = []
  private syncWanted = false
  private draining?: Promise<void>
  private disposed = false
  private readonly subscriptions: Disposable[] = []

  constructor(
    private readonly engine: EngineConnection,
    private readonly exec: (command: string) => Promise<{ code: number | null; output: string }>,
    private readonly logger: Logger,
  ) {
    this.subscriptions.push(
      engine.onEvent((event) => {
        if (event.type !== 'network' || (event.action !== 'create' && event.action !== 'destroy')) return
        this.pending.push({ action: event.action, id: event.id, type: event.attributes.type })
        void this.drain()
      }),
      engine.onStateChange((summary) => {
        if (summary.state.status === 'connected') void this.sync()
      }),
    )
  }

  /** Makes the set hold exactly the bridges of the networks that are not internal (after a connect). */
  sync(): Promise<void> {
    this.syncWanted = true
    return this.drain()
  }

  /** Forgets what it knew (the VM stopped: its set went with it). */
  reset(): void {
    this.interfaces.clear()
    this.pending = []
    this.syncWanted = false
  }

  dispose(): void {
    this.disposed = true
    this.subscriptions.forEach((s) => s.dispose())
  }

  private drain(): Promise<void> {
    this.draining ??= (async () => {
      try {
        while (!this.disposed && (this.syncWanted || this.pending.length > 0)) await this.applyPending()
      } finally {
        this.draining = undefined
      }
    })()
    return this.draining
  }

  private async applyPending(): Promise<void> {
    let replace = this.syncWanted
    this.syncWanted = false
    const changes = new Map<string, boolean>()
    if (replace) {
      try {
        for (const network of await this.engine.docker.listNetworks()) this.note(network as BridgeNetworkInfo, changes)
      } catch (error) {
        replace = false
        this.logger.warn(`Could not list the VM's networks to let them reach out: ${String(error)}`)
      }
    }
    // Taken after the list: an event older than the list is applied again, on top, which is harmless.
    const events = this.pending.splice(0)
    const inspected = await Promise.all(
      events.map((e) =>
        e.action === 'create'
          ? (this.engine.docker.getNetwork(e.id).inspect() as Promise<BridgeNetworkInfo>).catch((error: unknown) => {
              // Gone already (its destroy follows), or the engine went away (the next connect syncs).
              this.logger.debug(`VM network ${e.id} could not be inspected for egress: ${String(error)}`)
              return undefined
            })
          : undefined,
      ),
    )
    events.forEach((e, i) => {
      if (e.action === 'create') {
        const network = inspected[i]
        if (network) this.note(network, changes)
        return
      }
      const name = this.interfaces.get(e.id) ?? (e.type === 'bridge' ? `br-${e.id.slice(0, 12)}` : undefined)
      this.interfaces.delete(e.id)
      if (name && isSafeInterface(name)) changes.set(name, false)
    })
    const command = egressCommand(changes, replace)
    if (!command || this.disposed) return
    try {
      const { code, output } = await this.exec(command)
      if (code !== 0) throw new Error(`nft exited with ${code}: ${output.trim()}`)
    } catch (error) {
      const opened = [...changes].filter(([, open]) => open).map(([name]) => name)
      this.logger.warn(`The VM's networks ${opened.join(', ') || '(none)'} may not reach out until the engine reconnects: ${String(error)}`)
    }
  }

  private note(network: BridgeNetworkInfo, changes: Map<string, boolean>): void {
    const name = bridgeInterface(network)
    if (!name) return
    this.interfaces.set(network.Id, name)
    if (isSafeInterface(name)) changes.set(name, !network.Internal)
    else if (!network.Internal) this.logger.warn(`The VM's network ${network.Id.slice(0, 12)} stays closed to the outside: its bridge name "${name}" has characters Berth does not pass to nft.`)
  }
}
