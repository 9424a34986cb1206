import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const script = resolve(__dirname, '../../scripts/test-sshd.sh')

/** The private sshd of scripts/test-sshd.sh, in front of the test engine's socket. */
export const TEST_SSHD_DIR = process.env.BERTH_SSHD_DIR ?? '/tmp/berth-test-sshd'
export const TEST_SSHD_PORT = Number(process.env.BERTH_SSHD_PORT ?? 22022)

export const testSshd = {
  dir: TEST_SSHD_DIR,
  port: TEST_SSHD_PORT,
  address: `ssh://root@127.0.0.1:${TEST_SSHD_PORT}`,
  clientKey: `${TEST_SSHD_DIR}/client_key`,
  wrongKey: `${TEST_SSHD_DIR}/wrong_key`,
  lockedKey: `${TEST_SSHD_DIR}/locked_key`,
  lockedKeyPassphrase: 'berth-passphrase',
  hostKeyPub: `${TEST_SSHD_DIR}/host_ed25519_key.pub`,
  otherHostKeyPub: `${TEST_SSHD_DIR}/other_host_key.pub`,
  /** A user made by the script that logs in by password only (random, in passwordFile). */
  passwordUser: 'berth-test-pw',
  passwordFile: `${TEST_SSHD_DIR}/password`,
}

/** Starts the test sshd if it is not up (idempotent; installs openssh-server as root when missing). */
export async function requireTestSshd(): Promise<typeof testSshd> {
  await run('bash', [script, 'up'], { timeout: 300_000 })
  return testSshd
}

/** The listener's pid; its children are the per-connection sshd processes this suite started. */
export function testSshdPid(): number {
  return Number(readFileSync(`${TEST_SSHD_DIR}/sshd.pid`, 'utf8').trim())
}

/** The fingerprint OpenSSH prints for the test sshd's host key. */
export async function testSshdFingerprint(): Promise<string> {
  const { stdout } = await run('ssh-keygen', ['-lf', testSshd.hostKeyPub])
  return stdout.split(' ')[1]!
}

/** The password login test user's password (random, written by the script). */
export function testSshdPassword(): string {
  return readFileSync(testSshd.passwordFile, 'utf8').trim()
}
