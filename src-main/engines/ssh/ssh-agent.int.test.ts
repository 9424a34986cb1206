import { spawn, type ChildProcess, execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { EngineSummary } from '../../../src-shared/models/engine'
import { createCore, type Core } from '../../core'
import { silentLogger } from '../../platform/logger'
import { dockerCli, eventually, requireTestEngine, TEST_ENGINE_DIR } from '../../testing/test-engine'
import { requireTestSshd, testSshd, testSshdFingerprint } from '../../testing/test-sshd'

const run = promisify(execFile)
const client = { emit() {} }

// A real OpenSSH agent holding the client key; Berth is given no key file, only the agent.
let agent: ChildProcess
let home: string
let core: Core

beforeAll(async () => {
  requireTestEngine()
  await requireTestSshd()
  home = mkdtempSync(join(tmpdir(), 'berth-ssh-agent-'))
  const agentSocket = join(home, 'agent.sock')
  agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' })
  await eventually(() => existsSync(agentSocket), 10_000, 'the agent socket')
  await run('ssh-add', [testSshd.clientKey], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } })
  core = createCore({
    env: {},
    logger: silentLogger,
    home,
    engineOptions: { ssh: { home, knownHostsPath: join(home, 'known_hosts'), configPath: join(home, 'config'), globalKnownHostsPaths: [], agentSocket } },
  })
}, 120_000)

afterAll(async () => {
  await core?.dispose()
  agent?.kill()
  rmSync(home, { recursive: true, force: true })
})

it('logs in with the key the ssh-agent holds, no key file given', async () => {
  const result = await core.router.invoke(client, 'engines:add', [
    { name: 'agent', endpoint: testSshd.address, ssh: { remoteSocket: `${TEST_ENGINE_DIR}/docker.sock` } },
  ])
  if (!result.ok) throw new Error(result.error.message)
  const { id } = result.value as EngineSummary
  await eventually(() => core.engines.get(id).summary().state.status === 'disconnected', 15_000, 'the host key question')
  const trusted = await core.router.invoke(client, 'engines:trustHostKey', ['127.0.0.1', testSshd.port, await testSshdFingerprint()])
  expect(trusted.ok).toBe(true)
  await eventually(() => core.engines.get(id).isConnected, 15_000, 'connected through the agent')
  const cli = (await dockerCli('version', '--format', '{{.Server.Version}}')).trim()
  expect(core.engines.get(id).summary().version?.version).toBe(cli)
})
