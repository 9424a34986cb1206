// electron-builder's beforePack hook: puts the VM guest for the architecture being packed where
// electron-builder.yml's extraResources takes it from (.cache/vm-package/<arch>/ → resources/vm/).
// The guest is built at packaging time (scripts/vm/build-guest.sh, on a Linux machine with apt),
// never committed; BERTH_VM_PACKAGE_GUEST names a folder with a guest built elsewhere instead.
const { execFileSync } = require('node:child_process')
const { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } = require('node:fs')
const { join, resolve } = require('node:path')

// electron-builder's Arch enum → the Debian architecture the guest is built for.
const GUEST_ARCH = { 1: ['x64', 'amd64'], 3: ['arm64', 'arm64'] }

/** @param {{ arch: number, electronPlatformName: string }} context */
exports.default = async function stageGuest(context) {
  const repo = resolve(__dirname, '../..')
  const names = GUEST_ARCH[context.arch]
  if (!names) throw new Error(`Berth's VM guest is built for x64 and arm64 only, not electron-builder arch ${context.arch}.`)
  const [builderArch, guestArch] = names
  let source = process.env.BERTH_VM_PACKAGE_GUEST
  if (!source) {
    source = join(repo, '.cache/vm', guestArch)
    if (!existsSync(join(source, 'guest.json'))) {
      console.log(`  • building the VM guest for ${guestArch} (scripts/vm/build-guest.sh)`)
      execFileSync('bash', [join(repo, 'scripts/vm/build-guest.sh'), guestArch], { stdio: 'inherit' })
    }
  }
  if (!existsSync(join(source, 'guest.json'))) throw new Error(`No VM guest in ${source} (guest.json is missing).`)
  const target = join(repo, '.cache/vm-package', builderArch)
  rmSync(target, { recursive: true, force: true })
  mkdirSync(target, { recursive: true })
  // The build's own files only: its work/ folder (downloaded packages, unpacked trees) stays behind.
  for (const name of readdirSync(source)) {
    if (statSync(join(source, name)).isFile()) copyFileSync(join(source, name), join(target, name))
  }
  console.log(`  • VM guest staged for ${context.electronPlatformName}/${builderArch} from ${source}`)
}
