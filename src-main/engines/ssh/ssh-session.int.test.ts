import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { silentLogger } from '../../platform/logger'
import { requireTestSshd, testSshd } from '../../testing/test-sshd'
import { HostKeyStore } from './host-key-store'
import { SshSession } from './ssh-session'

let dir: string
let session: SshSession

beforeAll(async () => {
  await requireTestSshd()
  dir = mkdtempSync(join(tmpdir(), 'berth-ssh-session-'))
  const knownHosts = join(dir, 'known_hosts')
  const [type, key] = readFileSync(testSshd.hostKeyPub, 'utf8').trim().split(/\s+/)
  writeFileSync(knownHosts, `[127.0.0.1]:${testSshd.port} ${type} ${key}\n`)
  session = new SshSession({
    target: { alias: 'test', host: '127.0.0.1', port: testSshd.port, user: 'root', identityFiles: [testSshd.clientKey], remoteSocket: '/dev/null' },
    hostKeys: new HostKeyStore({ knownHostsPath: knownHosts, globalKnownHostsPaths: [] }),
    passphrase: () => undefined,
    readFile: (path) => readFileSync(path),
    logger: silentLogger,
  })
}, 300_000)

afterAll(() => {
  session?.dispose()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

it('runs commands over the one connection and reports their exit codes and output', async () => {
  expect(await session.exec('echo out; echo err >&2')).toEqual({ code: 0, output: 'out\nerr\n' })
  expect(await session.exec('echo no >&2; exit 3')).toEqual({ code: 3, output: 'no\n' })
})

it('gives up on a command that does not finish in time', async () => {
  await expect(session.exec('sleep 5', 300)).rejects.toThrow(/did not finish "sleep 5" in 0.3 s/)
  // The connection stays usable.
  expect((await session.exec('echo still')).output).toBe('still\n')
})
