import { join } from 'node:path'

/** How QEMU runs the guest's CPU: the host's hypervisor, or TCG emulation (slow; the UI warns). */
export type Accelerator = 'kvm' | 'hvf' | 'whpx' | 'tcg'

export interface AcceleratorChoice {
  accelerator: Accelerator
  /** Set when Berth falls back to emulation: why, for a person. */
  warning?: string
}

/** What the host offers, read by the caller (kept out of here so the choice is pure). */
export interface HostFacts {
  platform: NodeJS.Platform
  /** Kernel modules loaded (Linux: the names under /sys/module). */
  modules?: string[]
  /** /dev/kvm exists and this user may open it read-write. */
  kvmDevice?: boolean
  /** macOS: sysctl kern.hv_support is 1. */
  hvfSupported?: boolean
  /** Windows: the Windows Hypervisor Platform feature is on. */
  whpxSupported?: boolean
}

/**
 * KVM only with kvm_intel or kvm_amd: a /dev/kvm served by another module (kvm_pvm on some cloud
 * hosts) cannot run a stock kernel. HVF on macOS, WHPX on Windows; otherwise TCG, with a warning.
 */
export function chooseAccelerator(host: HostFacts): AcceleratorChoice {
  const slow = 'Berth could not use a hardware hypervisor here, so the VM runs under emulation (QEMU TCG): it works, but starts and runs many times slower.'
  if (host.platform === 'linux') {
    const modules = host.modules ?? []
    const hardware = modules.includes('kvm_intel') || modules.includes('kvm_amd')
    if (hardware && host.kvmDevice) return { accelerator: 'kvm' }
    if (hardware) return { accelerator: 'tcg', warning: `${slow} /dev/kvm is missing or not writable by you: add yourself to the kvm group and log in again.` }
    if (modules.some((m) => m.startsWith('kvm'))) return { accelerator: 'tcg', warning: `${slow} This machine's KVM (${modules.filter((m) => m.startsWith('kvm')).join(', ')}) cannot run ordinary guests.` }
    return { accelerator: 'tcg', warning: `${slow} Turn on virtualization (VT-x/AMD-V) in the firmware or for this virtual machine.` }
  }
  if (host.platform === 'darwin') return host.hvfSupported === false ? { accelerator: 'tcg', warning: `${slow} This Mac reports no Hypervisor.framework support.` } : { accelerator: 'hvf' }
  if (host.platform === 'win32') return host.whpxSupported ? { accelerator: 'whpx' } : { accelerator: 'tcg', warning: `${slow} Turn on "Windows Hypervisor Platform" in Windows features.` }
  return { accelerator: 'tcg', warning: slow }
}

export type GuestArch = 'amd64' | 'arm64'

export interface QemuOptions {
  arch: GuestArch
  accelerator: Accelerator
  cpus: number
  memoryMiB: number
  /** amd64: the uncompressed vmlinux (QEMU enters it through its PVH note); arm64: the raw Image. */
  kernelPath: string
  /** The tiny stage-1 initramfs that mounts the root disk. */
  initramfsPath: string
  /** The read-only erofs root (busybox, dockerd, containerd, sshd, modules), attached as a virtio disk. */
  rootImagePath: string
  dataDiskPath: string
  /** The VM's state folder: QMP socket, console log, keys handed in through fw_cfg. */
  stateDir: string
  /** Host port forwarded to the guest's sshd, bound to 127.0.0.1 only. */
  sshPort: number
  /** restrict=on: the guest reaches nothing outside (tests); off lets it pull images. */
  restrictNetwork: boolean
  /** Host folders shared at the same path inside the guest (virtio-9p). */
  shares: string[]
  /** QEMU's own data (firmware) when it is not where the binary expects it (bundled QEMU). */
  dataDir?: string
}

/** The files the manager writes for one boot, named as the command line expects them. */
export function stateFiles(stateDir: string) {
  return {
    qmpSocket: join(stateDir, 'qmp.sock'),
    consoleLog: join(stateDir, 'console.log'),
    /** QEMU's pid, written by QEMU itself: how a later Berth finds a VM kept running. */
    pidFile: join(stateDir, 'qemu.pid'),
    /** QEMU's stderr: a file, not a pipe, so QEMU can outlive Berth. */
    stderrLog: join(stateDir, 'qemu.stderr.log'),
    authorizedKeys: join(stateDir, 'authorized_keys'),
    hostKey: join(stateDir, 'ssh_host_ed25519_key'),
    shares: join(stateDir, 'shares'),
  }
}

/** The 9p mount tag of the n-th share (tags are at most 31 bytes; paths can be longer). */
export const shareTag = (index: number) => `berth${index}`

/** The `shares` fw_cfg file: one "tag path" line per share, read by the guest's /init. */
export function sharesFile(shares: string[]): string {
  return shares.map((path, i) => `${shareTag(i)} ${path}\n`).join('')
}

/**
 * The x86 CPU QEMU emulates under TCG: x86-64-v2, what Debian's binaries can use, and RDRAND, so
 * the guest kernel seeds its random generator at once (random.trust_cpu): without it, sshd,
 * containerd and dockerd waited in getrandom() until ~7 s of uptime (crng init).
 */
export const TCG_X86_CPU = 'qemu64,+ssse3,+sse4.1,+sse4.2,+popcnt,+rdrand'

/** The binary and arguments that boot the guest. Pure: same options, same command. */
export function buildQemuCommand(o: QemuOptions): { binary: string; args: string[] } {
  if (!Number.isInteger(o.cpus) || o.cpus < 1) throw new RangeError('cpus must be a positive integer')
  if (!Number.isInteger(o.memoryMiB) || o.memoryMiB < 256) throw new RangeError('memory must be at least 256 MiB')
  if (!Number.isInteger(o.sshPort) || o.sshPort < 1 || o.sshPort > 65535) throw new RangeError('sshPort must be a TCP port')
  const files = stateFiles(o.stateDir)
  const arm = o.arch === 'arm64'
  const console = arm ? 'ttyAMA0' : 'ttyS0'
  const machine = arm ? `virt,accel=${o.accelerator}${o.accelerator === 'tcg' ? '' : ',gic-version=max'}` : `q35,accel=${o.accelerator}`
  // Under TCG, "max" emulates every feature QEMU knows (AVX2, PKU, PCID …); with this x86-64-v2 set
  // the guest booted faster here (A/B on a shared host: ready in 9.1/11.2 s against 34.8/13.8 s,
  // `dockerd --version` 1.4–1.8 s against 1.9–2.8 s).
  const cpu = o.accelerator !== 'tcg' ? 'host' : arm ? 'max' : TCG_X86_CPU
  const net = [`user,id=net0`, `restrict=${o.restrictNetwork ? 'on' : 'off'}`, `hostfwd=tcp:127.0.0.1:${o.sshPort}-:22`].join(',')
  const append = [`console=${console}`, 'quiet', 'loglevel=4', 'panic=-1', 'rdinit=/init', 'random.trust_cpu=on', 'mitigations=off', 'nokaslr']
  // Work the guest kernel does at every boot that costs seconds under emulation: crypto self-tests,
  // zeroing every page it hands out, the delay-loop calibration (the TSC is used for delays anyway).
  append.push('cryptomgr.notests', 'init_on_alloc=0')
  if (!arm) append.push('i8042.noaux', 'i8042.nokbd', 'tsc=reliable', 'no_timer_check', 'no5lvl')
  if (!arm && o.accelerator === 'tcg') append.push('lpj=10000000')
  const args = [
    '-name', 'berth-vm',
    '-machine', machine,
    '-cpu', cpu,
    '-smp', String(o.cpus),
    '-m', `${o.memoryMiB}M`,
    '-nodefaults',
    '-no-user-config',
    '-display', 'none',
    '-no-reboot',
    '-kernel', o.kernelPath,
    '-initrd', o.initramfsPath,
    '-append', append.join(' '),
    // The guest tells its disks apart by serial (stage 1 mounts berth-root; /init formats only berth-data).
    '-drive', `if=none,id=root,file=${escapeComma(o.rootImagePath)},format=raw,readonly=on`,
    '-device', 'virtio-blk-pci,drive=root,serial=berth-root',
    '-drive', `if=none,id=data,file=${escapeComma(o.dataDiskPath)},format=qcow2,discard=unmap,cache=writeback`,
    '-device', 'virtio-blk-pci,drive=data,serial=berth-data',
    '-netdev', net,
    '-device', 'virtio-net-pci,netdev=net0',
    '-device', 'virtio-rng-pci',
    // Pages the guest frees go back to the host (QEMU's resident memory shrinks after a peak).
    '-device', 'virtio-balloon-pci,free-page-reporting=on',
    '-chardev', `file,id=console,path=${escapeComma(files.consoleLog)}`,
    '-serial', 'chardev:console',
    '-qmp', `unix:${escapeComma(files.qmpSocket)},server=on,wait=off`,
    '-pidfile', files.pidFile,
    '-fw_cfg', `name=opt/berth/authorized_keys,file=${escapeComma(files.authorizedKeys)}`,
    '-fw_cfg', `name=opt/berth/ssh_host_ed25519_key,file=${escapeComma(files.hostKey)}`,
    '-fw_cfg', `name=opt/berth/shares,file=${escapeComma(files.shares)}`,
  ]
  o.shares.forEach((path, i) => {
    args.push('-fsdev', `local,id=fs${i},path=${escapeComma(path)},security_model=none`)
    args.push('-device', `virtio-9p-pci,fsdev=fs${i},mount_tag=${shareTag(i)}`)
  })
  if (o.dataDir) args.push('-L', o.dataDir)
  return { binary: arm ? 'qemu-system-aarch64' : 'qemu-system-x86_64', args }
}

/** QEMU's option parser splits on commas; a comma inside a value is written twice. */
export function escapeComma(value: string): string {
  return value.replace(/,/g, ',,')
}
