import { existsSync } from 'node:fs'
import { join } from 'node:path'

/** The files of a built guest (scripts/vm/build-guest.sh's output) in its folder. */
export function guestFiles(guestDir: string): { kernelPath: string; initramfsPath: string; rootImagePath: string } {
  return {
    kernelPath: join(guestDir, 'vmlinuz'),
    initramfsPath: join(guestDir, 'initramfs.img'),
    rootImagePath: join(guestDir, 'root.img'),
  }
}

/** A new VM's data disk is copied from this when it is there (an empty ext4; older builds had none). */
export function dataTemplateFile(guestDir: string): string {
  return join(guestDir, 'data.qcow2')
}

/** Whether every file of the guest is in `guestDir`. */
export function hasGuest(guestDir: string): boolean {
  return Object.values(guestFiles(guestDir)).every((path) => existsSync(path))
}
