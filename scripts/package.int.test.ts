import { spawnSync } from 'node:child_process'
import { builtinModules } from 'node:module'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as asar from '@electron/asar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, repoRoot } from '../src-main/electron/testing/built-output'

/**
 * Packs the app the way a release does (electron-builder, asar) but offline and in seconds: the
 * Electron binary is replaced by a stand-in. For a Linux --dir build, electron-builder copies an
 * `electronDist` folder that holds no `electron-v*.zip` as an unpacked Electron, and then only
 * renames its `electron` executable to the product's; nothing else in the folder is read.
 */
const PACK_WITHIN_MS = 120_000

let work: string
let appDir: string
let archive: string
let entries: Set<string>
let packMs: number

beforeAll(() => {
  ensureBuilt()
  work = mkdtempSync(join(tmpdir(), 'berth-package-'))
  const electronDist = join(work, 'electron-dist')
  const output = join(work, 'dist')
  mkdirSync(electronDist)
  writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n')
  chmodSync(join(electronDist, 'electron'), 0o755)

  // A stand-in guest: the beforePack hook stages it instead of building one (that takes minutes).
  const guest = join(work, 'guest')
  mkdirSync(join(guest, 'work'), { recursive: true })
  for (const file of ['guest.json', 'vmlinuz', 'initramfs.img', 'root.img', 'work/left-behind.deb']) writeFileSync(join(guest, file), `stand-in ${file}`)

  const started = Date.now()
  const result = spawnSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules/electron-builder/cli.js'),
      '--dir',
      '--linux',
      `-c.electronDist=${electronDist}`,
      '-c.npmRebuild=false',
      // A temporary output, so a real dist/ is left alone.
      `-c.directories.output=${output}`,
    ],
    { cwd: repoRoot, encoding: 'utf8', timeout: PACK_WITHIN_MS, env: { ...process.env, BERTH_VM_PACKAGE_GUEST: guest } },
  )
  packMs = Date.now() - started
  if (result.status !== 0) throw new Error(`electron-builder failed (${result.status}):\n${result.stdout}\n${result.stderr}`)
  console.info(`electron-builder --dir --linux took ${packMs} ms`)

  appDir = join(output, 'linux-unpacked')
  archive = join(appDir, 'resources/app.asar')
  entries = new Set(asar.listPackage(archive, { isPack: false }))
}, PACK_WITHIN_MS + 30_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
})

describe('the packaged app (electron-builder --dir --linux)', () => {
  it('packs well within a couple of minutes', () => {
    expect(packMs).toBeLessThan(PACK_WITHIN_MS)
  })

  it('has the product executable, one asar archive and the VM guest', () => {
    expect(existsSync(join(appDir, 'berth'))).toBe(true)
    expect(readdirSync(join(appDir, 'resources')).sort()).toEqual(['app.asar', 'vm'])
  })

  it('puts the VM guest for its architecture in resources/vm, without the build\'s work folder', () => {
    expect(readdirSync(join(appDir, 'resources/vm')).sort()).toEqual(['guest.json', 'initramfs.img', 'root.img', 'vmlinuz'])
    expect(readFileSync(join(appDir, 'resources/vm/vmlinuz'), 'utf8')).toBe('stand-in vmlinuz')
  })

  it('holds the build output, package.json and the window icon', () => {
    for (const file of ['/out/main/index.js', '/out/preload/index.js', '/out/renderer/index.html', '/package.json', '/resources/icon.png']) {
      expect(entries, file).toContain(file)
    }
    const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString()) as { main: string }
    expect(entries).toContain(`/${manifest.main}`)
  })

  it('holds the runtime dependencies, and every package the main bundle requires', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
    for (const name of Object.keys(manifest.dependencies)) expect(entries, name).toContain(`/node_modules/${name}/package.json`)
    const mainDir = join(repoRoot, 'out/main')
    const bundles = readdirSync(mainDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'))
    const required = new Set<string>()
    for (const file of bundles) {
      for (const [, id] of readFileSync(join(mainDir, file), 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
        if (id === undefined || id.startsWith('.') || id === 'electron' || id.startsWith('node:') || builtinModules.includes(id)) continue
        required.add(id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0]!)
      }
    }
    expect(required.size).toBeGreaterThan(0)
    for (const name of required) expect(entries, `out/main requires ${name}`).toContain(`/node_modules/${name}/package.json`)
  })

  it('leaves out sources, dev dependencies and native builds Electron cannot load', () => {
    for (const dir of ['vue', 'electron', 'vitest', 'electron-builder', 'electron-vite', 'typescript', 'vite', 'pinia', 'cpu-features']) {
      expect(entries, dir).not.toContain(`/node_modules/${dir}`)
    }
    const top = [...entries].filter((e) => e.split('/').length === 2)
    expect(top.sort()).toEqual(['/node_modules', '/out', '/package.json', '/resources'])
    expect([...entries].filter((e) => e.endsWith('.node'))).toEqual([])
    const ours = [...entries].filter((e) => !e.startsWith('/node_modules/'))
    expect(ours.filter((e) => /\.(ts|vue|map)$/.test(e))).toEqual([])
  })
})
