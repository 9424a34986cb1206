import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createCore } from '../core'
import { silentLogger } from '../platform/logger'

// No QEMU here: what the VM service answers before a guest exists, and the input it refuses.
describe('the VM service without a guest', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-vm-service-'))
  const core = createCore({ env: { BERTH_VM_GUEST: join(dataDir, 'no-guest') }, logger: silentLogger, dataDir, home: dataDir })
  const client = { emit() {} }
  afterAll(async () => {
    await core.dispose()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('says the VM is unavailable and how to build its guest', async () => {
    const status = await core.router.invoke(client, 'vm:status', [])
    expect(status).toMatchObject({ ok: true, value: { state: { status: 'unavailable' }, settings: { cpus: 2, memoryMiB: 2048, diskGiB: 32 } } })
    const started = await core.router.invoke(client, 'vm:start', [])
    expect(started).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    expect(JSON.stringify(started)).toContain('scripts/vm/build-guest.sh')
  })

  it('remembers settings, never shrinks the disk, and refuses nonsense at the boundary', async () => {
    expect(await core.router.invoke(client, 'vm:setSettings', [{ cpus: 1, memoryMiB: 1024, diskGiB: 40 }])).toMatchObject({ ok: true, value: { settings: { cpus: 1, memoryMiB: 1024, diskGiB: 40 } } })
    const shrink = await core.router.invoke(client, 'vm:setSettings', [{ cpus: 1, memoryMiB: 1024, diskGiB: 10 }])
    expect(shrink).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await core.router.invoke(client, 'vm:setSettings', [{ cpus: 0, memoryMiB: 1024, diskGiB: 40 }])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await core.router.invoke(client, 'vm:setSettings', [{ cpus: 2, memoryMiB: 1024, diskGiB: 40, extra: 1 }])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const again = createCore({ env: { BERTH_VM_GUEST: join(dataDir, 'no-guest') }, logger: silentLogger, dataDir, home: dataDir })
    expect(await again.router.invoke(client, 'vm:status', [])).toMatchObject({ ok: true, value: { settings: { diskGiB: 40 } } })
    await again.dispose()
  })

  it('has an empty console before any start', async () => {
    expect(await core.router.invoke(client, 'vm:consoleLog', [])).toEqual({ ok: true, value: '' })
  })
})

// The guided first start: offered while the VM has never run, until the person starts it or says "not now".
describe('the VM service and its first start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'berth-vm-guide-'))
  const guest = join(dataDir, 'guest')
  mkdirSync(guest)
  for (const file of ['vmlinuz', 'initramfs.img', 'root.img']) writeFileSync(join(guest, file), '')
  const open = () => createCore({ env: {}, vmGuestDir: guest, platform: 'darwin', logger: silentLogger, dataDir, home: dataDir })
  const core = open()
  const client = { emit() {} }
  afterAll(async () => {
    await core.dispose()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('offers the guide for a VM that never ran, with the guest from the packaged resources folder', async () => {
    expect(await core.router.invoke(client, 'vm:status', [])).toMatchObject({ ok: true, value: { state: { status: 'stopped' }, firstRun: true, hostPlatform: 'darwin' } })
  })

  it('keeps the VM running after Berth quits only when asked: off by default, remembered, and left alone by a resources change', async () => {
    expect(await core.router.invoke(client, 'vm:status', [])).toMatchObject({ ok: true, value: { settings: { keepRunning: false } } })
    expect(await core.router.invoke(client, 'vm:setSettings', [{ cpus: 2, memoryMiB: 2048, diskGiB: 32, keepRunning: true }])).toMatchObject({ ok: true, value: { settings: { keepRunning: true } } })
    // The resources form sends no keepRunning: it stays as it was.
    expect(await core.router.invoke(client, 'vm:setSettings', [{ cpus: 3, memoryMiB: 2048, diskGiB: 32 }])).toMatchObject({ ok: true, value: { settings: { cpus: 3, keepRunning: true } } })
    expect(await core.router.invoke(client, 'vm:setSettings', [{ cpus: 3, memoryMiB: 2048, diskGiB: 32, keepRunning: 'yes' }])).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const again = open()
    expect(await again.router.invoke(client, 'vm:status', [])).toMatchObject({ ok: true, value: { settings: { keepRunning: true }, state: { status: 'stopped' } } })
    await again.dispose()
  })

  it('stops offering it after "not now", also after a restart of Berth', async () => {
    expect(await core.router.invoke(client, 'vm:dismissGuide', [])).toMatchObject({ ok: true, value: { firstRun: false } })
    const again = open()
    expect(await again.router.invoke(client, 'vm:status', [])).toMatchObject({ ok: true, value: { firstRun: false } })
    await again.dispose()
  })
})
