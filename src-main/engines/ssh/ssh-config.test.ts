import { describe, expect, it } from 'vitest'
import { expandPath, sshConfigFor } from './ssh-config'

const CONFIG = `
# global defaults come first in effect only where a Host block did not set them
IdentityFile ~/.ssh/global_key

Host build build-*
  HostName 10.1.2.3
  User deploy
  Port 2222
  IdentityFile ~/.ssh/build_ed25519

Host *.lab !secret.lab
  User lab
  IdentityFile "%d/.ssh/lab key"

Host *
  User fallback
  Port 22
`

describe('~/.ssh/config', () => {
  it('resolves an alias: HostName, User, Port, IdentityFile (first value wins, keys add up)', () => {
    expect(sshConfigFor(CONFIG, 'build', '/home/a')).toEqual({
      hostName: '10.1.2.3',
      user: 'deploy',
      port: 2222,
      identityFiles: ['/home/a/.ssh/global_key', '/home/a/.ssh/build_ed25519'],
    })
  })

  it('honours wildcards, negation and quoted values', () => {
    expect(sshConfigFor(CONFIG, 'web.lab', '/h')).toMatchObject({ user: 'lab', port: 22, identityFiles: ['/h/.ssh/global_key', '/h/.ssh/lab key'] })
    expect(sshConfigFor(CONFIG, 'secret.lab', '/h')).toMatchObject({ user: 'fallback' })
    expect(sshConfigFor(CONFIG, 'plain', '/h').hostName).toBeUndefined()
  })

  it('expands ~ and %d', () => {
    expect(expandPath('~/.ssh/k', '/home/b')).toBe('/home/b/.ssh/k')
    expect(expandPath('%d/k-%h', '/home/b', 'host')).toBe('/home/b/k-host')
    expect(expandPath('/abs', '/home/b')).toBe('/abs')
  })
})
