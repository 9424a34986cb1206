import { describe, expect, it } from 'vitest'
import { buildQemuCommand, chooseAccelerator, escapeComma, sharesFile, type QemuOptions } from './qemu-command'

const base: QemuOptions = {
  arch: 'amd64',
  accelerator: 'tcg',
  cpus: 2,
  memoryMiB: 1024,
  kernelPath: '/g/vmlinuz',
  initramfsPath: '/g/initramfs.img',
  rootImagePath: '/g/root.img',
  dataDiskPath: '/s/data.qcow2',
  stateDir: '/s',
  sshPort: 42022,
  restrictNetwork: true,
  shares: ['/home/me'],
}
const value = (args: string[], flag: string) => args.filter((_, i) => args[i - 1] === flag)

describe('choosing the accelerator', () => {
  it('uses KVM only with kvm_intel or kvm_amd and a writable /dev/kvm', () => {
    expect(chooseAccelerator({ platform: 'linux', modules: ['kvm', 'kvm_intel'], kvmDevice: true })).toEqual({ accelerator: 'kvm' })
    expect(chooseAccelerator({ platform: 'linux', modules: ['kvm', 'kvm_amd'], kvmDevice: true })).toEqual({ accelerator: 'kvm' })
    const noAccess = chooseAccelerator({ platform: 'linux', modules: ['kvm', 'kvm_amd'], kvmDevice: false })
    expect(noAccess.accelerator).toBe('tcg')
    expect(noAccess.warning).toMatch(/kvm group/)
  })
  it('falls back to TCG with a warning when /dev/kvm is served by another module (kvm_pvm)', () => {
    const choice = chooseAccelerator({ platform: 'linux', modules: ['kvm', 'kvm_pvm'], kvmDevice: true })
    expect(choice.accelerator).toBe('tcg')
    expect(choice.warning).toMatch(/kvm_pvm/)
    expect(chooseAccelerator({ platform: 'linux', modules: [], kvmDevice: false }).warning).toMatch(/emulation/)
  })
  it('uses HVF on macOS and WHPX on Windows when available', () => {
    expect(chooseAccelerator({ platform: 'darwin' })).toEqual({ accelerator: 'hvf' })
    expect(chooseAccelerator({ platform: 'darwin', hvfSupported: false }).accelerator).toBe('tcg')
    expect(chooseAccelerator({ platform: 'win32', whpxSupported: true })).toEqual({ accelerator: 'whpx' })
    expect(chooseAccelerator({ platform: 'win32' }).warning).toMatch(/Windows Hypervisor Platform/)
  })
})

describe('the QEMU command line', () => {
  it('boots the guest under TCG with cpus, memory, the data disk, QMP and the console log', () => {
    const { binary, args } = buildQemuCommand(base)
    expect(binary).toBe('qemu-system-x86_64')
    expect(value(args, '-machine')).toEqual(['q35,accel=tcg'])
    expect(value(args, '-cpu')).toEqual(['qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt,+rdrand'])
    expect(value(args, '-smp')).toEqual(['2'])
    expect(value(args, '-m')).toEqual(['1024M'])
    expect(value(args, '-drive')).toEqual([
      'if=none,id=root,file=/g/root.img,format=raw,readonly=on',
      'if=none,id=data,file=/s/data.qcow2,format=qcow2,discard=unmap,cache=writeback',
    ])
    expect(value(args, '-device')).toEqual(expect.arrayContaining(['virtio-blk-pci,drive=root,serial=berth-root', 'virtio-blk-pci,drive=data,serial=berth-data']))
    expect(value(args, '-kernel')).toEqual(['/g/vmlinuz'])
    expect(value(args, '-initrd')).toEqual(['/g/initramfs.img'])
    expect(value(args, '-qmp')).toEqual(['unix:/s/qmp.sock,server=on,wait=off'])
    expect(value(args, '-chardev')).toEqual(['file,id=console,path=/s/console.log'])
    // QEMU writes its pid in the state folder: how the next Berth finds a VM kept running.
    expect(value(args, '-pidfile')).toEqual(['/s/qemu.pid'])
    expect(value(args, '-append')[0]).toContain('console=ttyS0')
  })
  it('forwards only ssh, bound to 127.0.0.1, with the network restricted as configured', () => {
    const [net] = value(buildQemuCommand(base).args, '-netdev')
    expect(net).toBe('user,id=net0,restrict=on,hostfwd=tcp:127.0.0.1:42022-:22')
    expect(value(buildQemuCommand({ ...base, restrictNetwork: false }).args, '-netdev')[0]).toContain('restrict=off')
  })
  it('hands the keys and shares in through fw_cfg and shares folders over virtio-9p', () => {
    const { args } = buildQemuCommand(base)
    expect(value(args, '-fw_cfg')).toEqual([
      'name=opt/berth/authorized_keys,file=/s/authorized_keys',
      'name=opt/berth/ssh_host_ed25519_key,file=/s/ssh_host_ed25519_key',
      'name=opt/berth/shares,file=/s/shares',
    ])
    expect(value(args, '-fsdev')).toEqual(['local,id=fs0,path=/home/me,security_model=none'])
    expect(value(args, '-device')).toContain('virtio-9p-pci,fsdev=fs0,mount_tag=berth0')
    expect(sharesFile(['/home/me', '/data x'])).toBe('berth0 /home/me\nberth1 /data x\n')
  })
  it('hands freed guest memory back (balloon free-page reporting) and skips slow boot work under TCG only', () => {
    const tcg = buildQemuCommand(base).args
    expect(value(tcg, '-device')).toContain('virtio-balloon-pci,free-page-reporting=on')
    expect(value(tcg, '-append')[0]).toMatch(/cryptomgr\.notests .*lpj=/)
    expect(value(buildQemuCommand({ ...base, accelerator: 'kvm' }).args, '-append')[0]).not.toContain('lpj=')
  })
  it('uses the host CPU with a hardware accelerator, and the virt machine on arm64', () => {
    expect(value(buildQemuCommand({ ...base, accelerator: 'kvm' }).args, '-cpu')).toEqual(['host'])
    const arm = buildQemuCommand({ ...base, arch: 'arm64', accelerator: 'hvf' })
    expect(arm.binary).toBe('qemu-system-aarch64')
    expect(value(arm.args, '-machine')[0]).toMatch(/^virt,accel=hvf/)
    expect(value(arm.args, '-append')[0]).toContain('console=ttyAMA0')
  })
  it('escapes commas in paths and refuses nonsense sizes', () => {
    expect(escapeComma('/a,b')).toBe('/a,,b')
    expect(value(buildQemuCommand({ ...base, dataDiskPath: '/x,y/d.qcow2' }).args, '-drive')[1]).toContain('file=/x,,y/d.qcow2,')
    // -pidfile takes a plain path (no option list): not escaped.
    expect(value(buildQemuCommand({ ...base, stateDir: '/x,y' }).args, '-pidfile')).toEqual(['/x,y/qemu.pid'])
    expect(() => buildQemuCommand({ ...base, cpus: 0 })).toThrow(RangeError)
    expect(() => buildQemuCommand({ ...base, memoryMiB: 64 })).toThrow(RangeError)
    expect(() => buildQemuCommand({ ...base, sshPort: 70000 })).toThrow(RangeError)
  })
})
