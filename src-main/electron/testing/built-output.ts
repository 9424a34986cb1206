import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const repoRoot = resolve(__dirname, '../../..')
export const builtMain = join(repoRoot, 'out/main/index.js')
export const builtPreload = join(repoRoot, 'out/preload/index.js')
export const builtRenderer = join(repoRoot, 'out/renderer/index.html')

/**
 * The tests of the built bundles read out/; `npm test` builds before the int suite, so this only
 * builds when out/ is missing (a lone `vitest run`), and says plainly when it still is.
 */
export function ensureBuilt(): void {
  const outputs = [builtMain, builtPreload, builtRenderer]
  const missing = () => outputs.filter((file) => !existsSync(file))
  if (missing().length > 0) spawnSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, stdio: 'inherit' })
  if (missing().length > 0) {
    throw new Error(`${missing().join(', ')} missing, and \`npx electron-vite build\` did not make it: build first.`)
  }
}
