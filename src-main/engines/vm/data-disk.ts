import { copyFileSync, existsSync, renameSync } from 'node:fs'
import type { Logger } from '../../platform/logger'
import { dataTemplateFile } from './guest-files'

export interface DataDiskOptions {
  /** The VM's qcow2 data disk (its /var/lib/docker). */
  path: string
  guestDir: string
  diskGiB: number
  qemuImg: string
  run: (command: string, args: string[]) => Promise<{ stdout: string }>
  logger: Logger
}

/**
 * Creates the data disk, or grows it to the configured size (never shrinks: that would lose data).
 * A new disk is a copy of the guest's template (an empty ext4 made at build time, grown below and
 * by the guest's resize2fs), so a first start formats nothing; without one, a blank disk the
 * guest formats.
 */
export async function ensureDataDisk({ path, guestDir, diskGiB, qemuImg, run, logger }: DataDiskOptions): Promise<void> {
  if (!existsSync(path)) {
    const dataTemplatePath = dataTemplateFile(guestDir)
    if (!existsSync(dataTemplatePath)) {
      await run(qemuImg, ['create', '-q', '-f', 'qcow2', path, `${diskGiB}G`])
      return
    }
    copyFileSync(dataTemplatePath, `${path}.new`)
    renameSync(`${path}.new`, path)
  }
  const info = JSON.parse((await run(qemuImg, ['info', '--output', 'json', '-U', path])).stdout) as { 'virtual-size': number }
  const current = info['virtual-size']
  if (current < diskGiB * 1024 ** 3) await run(qemuImg, ['resize', '-q', path, `${diskGiB}G`])
  else if (current > diskGiB * 1024 ** 3) logger.warn(`The VM disk is ${Math.round(current / 1024 ** 3)} GiB, more than the ${diskGiB} GiB asked; disks only grow.`)
}
