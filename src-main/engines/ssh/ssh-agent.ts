import { Agent, type AgentOptions } from 'node:http'
import type { Duplex } from 'node:stream'
import type { SshSession } from './ssh-session'

type CreateConnection = (options: unknown, callback: (error: Error | null, socket?: Duplex) => void) => Duplex | undefined

/**
 * dockerode's requests over one SSH connection: each socket the http client asks for is a new
 * streamlocal channel on the engine's persistent SSH session, opened asynchronously (Node's
 * Agent waits for the callback when createConnection returns nothing).
 */
export function createSshHttpAgent(session: SshSession, options: AgentOptions = {}): Agent {
  const agent = new Agent({ keepAlive: false, ...options })
  const createConnection: CreateConnection = (_options, callback) => {
    session.openStream().then(
      (socket) => callback(null, socket),
      (error: Error) => callback(error),
    )
    return undefined
  }
  ;(agent as unknown as { createConnection: CreateConnection }).createConnection = createConnection
  openers.set(agent, () => session.openStream())
  return agent
}

const openers = new WeakMap<Agent, () => Promise<Duplex>>()

/** For an agent made here: opens one stream to the engine's socket (for readers that skip Node's HTTP client). */
export function streamOpenerOf(agent: unknown): (() => Promise<Duplex>) | undefined {
  return agent instanceof Agent ? openers.get(agent) : undefined
}
