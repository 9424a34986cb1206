import { readFileSync } from 'node:fs'
import type Dockerode from 'dockerode'
import { Client } from 'ssh2'
import type { Logger } from '../../platform/logger'
import { readFileIfAny } from '../../platform/read-file'
import { parseEndpoint } from '../endpoint'
import { EngineConnection, type EngineTransport } from '../engine-connection'
import { HostKeyStore } from '../ssh/host-key-store'
import { createSshHttpAgent } from '../ssh/ssh-agent'
import { SshSession } from '../ssh/ssh-session'
import type { SshTarget } from '../ssh/ssh-target'
import type { VmKeys } from './vm-keys'

export const VM_ENGINE_ID = 'vm'

/** The SSH target of the VM's engine: root on the forwarded port, Berth's own key, the guest's docker socket. */
export function vmSshTarget(sshPort: number, keys: VmKeys): SshTarget {
  return { alias: 'berth-vm', host: '127.0.0.1', port: sshPort, user: 'root', identityFiles: [keys.clientKeyPath], remoteSocket: '/var/run/docker.sock' }
}

export interface VmEngine {
  connection: EngineConnection
  /** Opens the SSH connection ahead of the first request (while dockerd is still starting). */
  warm(): Promise<void>
  /** Runs a command in the guest over the engine's own SSH connection (no new login). */
  exec(command: string): Promise<{ code: number | null; output: string }>
}

/**
 * The engine of kind `vm`: the same persistent-SSH transport as ssh:// engines (one ssh2
 * connection, one streamlocal channel per request), pinned to the guest host key the VM was given.
 */
export function createVmEngine(options: { sshPort: number; keys: VmKeys; logger: Logger; healthIntervalMs?: number; name?: string }): VmEngine {
  const target = vmSshTarget(options.sshPort, options.keys)
  const session = new SshSession({
    target,
    // Only the pinned key: the person's known_hosts is neither read nor written for the VM.
    hostKeys: new HostKeyStore({ knownHostsPath: options.keys.knownHostsPath, globalKnownHostsPaths: [] }),
    passphrase: () => undefined,
    readFile: readFileIfAny,
    logger: options.logger,
  })
  const agent = createSshHttpAgent(session)
  const transport: EngineTransport = {
    dockerOptions: { protocol: 'http', host: 'docker', agent } as Dockerode.DockerOptions,
    onDropped: (listener) => session.onDropped(listener),
    reset: () => session.reset(),
    dispose: () => {
      agent.destroy()
      session.dispose()
    },
  }
  const connection = new EngineConnection({
    id: VM_ENGINE_ID,
    name: options.name ?? 'Berth VM',
    kind: 'vm',
    endpoint: parseEndpoint(`ssh://root@127.0.0.1:${options.sshPort}`),
    logger: options.logger,
    healthIntervalMs: options.healthIntervalMs,
    transport,
  })
  return { connection, warm: () => session.warm(), exec: (command) => session.exec(command) }
}

/** Runs one command in the guest over a short-lived SSH connection (used to power it off). */
export function sshExec(sshPort: number, keys: VmKeys, command: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new Client()
    let output = ''
    const timer = setTimeout(() => {
      client.end()
      reject(new Error(`ssh ${command} timed out`))
    }, timeoutMs)
    const finish = (error?: Error) => {
      clearTimeout(timer)
      client.end()
      if (error) reject(error)
      else resolve(output)
    }
    client.on('ready', () => {
      client.exec(command, (error, stream) => {
        if (error) return finish(error)
        stream.on('data', (d: Buffer) => (output += d.toString()))
        stream.stderr.on('data', (d: Buffer) => (output += d.toString()))
        stream.on('close', () => finish())
      })
    })
    client.on('error', (error) => finish(error))
    client.connect({
      host: '127.0.0.1',
      port: sshPort,
      username: 'root',
      privateKey: readFileSync(keys.clientKeyPath),
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => key.equals(keys.hostKeyBlob),
    })
  })
}
