import { describe, expect, it } from 'vitest'
import { AppError } from '../../../src-shared/errors'
import { resolveSshTarget, type SshEnvironment } from './ssh-target'

const env: SshEnvironment = { home: '/home/a', configPath: '/home/a/.ssh/config', knownHostsPath: '/k', globalKnownHostsPaths: [], localUser: 'me' }
const files: Record<string, string> = { '/home/a/.ssh/config': 'Host box\n  HostName 192.168.1.9\n  User ops\n  Port 2200\n  IdentityFile ~/.ssh/box\n' }
const read = (p: string) => files[p]
const exists = (p: string) => p === '/home/a/.ssh/id_ed25519'

describe('resolving an SSH engine address', () => {
  it('applies ~/.ssh/config to an alias, and what the address says wins', () => {
    expect(resolveSshTarget('ssh://box', {}, env, read, exists)).toEqual({
      alias: 'box',
      host: '192.168.1.9',
      port: 2200,
      user: 'ops',
      identityFiles: ['/home/a/.ssh/box', '/home/a/.ssh/id_ed25519'],
      remoteSocket: '/var/run/docker.sock',
    })
    expect(resolveSshTarget('ssh://root@box:22', { identityFile: '~/k', remoteSocket: '/run/podman/podman.sock' }, env, read, exists)).toMatchObject({
      user: 'root',
      port: 22,
      identityFiles: ['/home/a/k', '/home/a/.ssh/box', '/home/a/.ssh/id_ed25519'],
      remoteSocket: '/run/podman/podman.sock',
    })
  })

  it('falls back to the local user and port 22', () => {
    expect(resolveSshTarget('ssh://other.example', {}, env, read, exists)).toMatchObject({ host: 'other.example', user: 'me', port: 22 })
  })

  it('refuses what is not an ssh:// address', () => {
    expect(() => resolveSshTarget('tcp://x', {}, env, read, exists)).toThrowError(AppError)
  })
})
