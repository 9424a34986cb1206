import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { requireTestEngine } from '../src-main/testing/test-engine'
import { expect, test } from './fixtures'
import { AppShell } from './pages/app-shell'
import { VmPanel } from './pages/vm-panel'
import { ServeProcess } from './serve-process'

/** A guest folder of empty stand-in files: enough for the panel and the guide, not to boot. */
function standInGuest(): string {
  const guest = mkdtempSync(join(tmpdir(), 'berth-e2e-guest-'))
  for (const file of ['vmlinuz', 'initramfs.img', 'root.img']) writeFileSync(join(guest, file), '')
  return guest
}

/** `npm run serve` with that guest, on a socket where no engine answers. */
function serveWithoutEngine(guest: string): Promise<ServeProcess> {
  return ServeProcess.start(`unix://${join(guest, 'no-engine.sock')}`, [], { BERTH_VM_GUEST: guest })
}

// The VM panel without booting QEMU (that is the opt-in BERTH_VM_TESTS suite): what it says with
// no guest, and its resources form with a (stand-in) guest.
test('the Built-in VM says when its guest is missing', async ({ page }) => {
  const serve = await ServeProcess.start(requireTestEngine(), [], { BERTH_VM_GUEST: mkdtempSync(join(tmpdir(), 'berth-e2e-noguest-')) })
  try {
    const app = new AppShell(page)
    await app.open(serve.url)
    await app.goTo('Engines')
    const vm = new VmPanel(page)
    await expect(vm.region).toContainText('Not available')
    await expect(vm.region).toContainText('scripts/vm/build-guest.sh')
    await expect(vm.button('Start VM')).toHaveCount(0)
  } finally {
    await serve.stop()
  }
})

test('the Built-in VM resources change, and the disk never shrinks', async ({ page }) => {
  const serve = await ServeProcess.start(requireTestEngine(), [], { BERTH_VM_GUEST: standInGuest() })
  try {
    const app = new AppShell(page)
    await app.open(serve.url)
    await app.goTo('Engines')
    const vm = new VmPanel(page)
    await expect(vm.region).toContainText('Stopped')
    await expect(vm.button('Start VM')).toBeVisible()

    await vm.button('Show console').click()
    await expect(vm.region.getByLabel('VM console log')).toContainText('has not started yet')

    await vm.button('Change resources').click()
    await vm.field(/CPUs/).fill('3')
    await vm.field(/Disk \(GiB\)/).fill('40')
    await vm.button('Save').click()
    await expect(vm.fact('CPUs')).toHaveText('3')
    await expect(vm.fact('Disk')).toContainText('40 GiB')

    await vm.button('Change resources').click()
    // The browser's own min check would stop the form; remove it to see main refuse too.
    await vm.field(/Disk \(GiB\)/).evaluate((input) => input.removeAttribute('min'))
    await vm.field(/Disk \(GiB\)/).fill('10')
    await vm.button('Save').click()
    await expect(vm.region.getByRole('alert')).toContainText('can only grow')
    await vm.button('Cancel').click()

    // Keeping the VM running after Berth quits: off by default, saved at once, still on after a reload.
    const keep = vm.region.getByRole('checkbox', { name: 'Keep the VM running after Berth quits' })
    await expect(keep).not.toBeChecked()
    await keep.check()
    await expect(keep).toBeChecked()
    await page.reload()
    await app.goTo('Engines')
    await expect(keep).toBeChecked()
    await expect(keep).toHaveAccessibleDescription(/published ports go on answering/)
    // The resources form leaves it alone.
    await vm.button('Change resources').click()
    await vm.field(/CPUs/).fill('2')
    await vm.button('Save').click()
    await expect(vm.fact('CPUs')).toHaveText('2')
    await expect(keep).toBeChecked()
  } finally {
    await serve.stop()
  }
})

// Linux with no engine answering: the guided first start is offered, says what the VM will use,
// and "Not now" is remembered (it does not come back after a reload).
test('with no engine answering, the guided first start offers the VM, and "Not now" is remembered', async ({ page }) => {
  const serve = await serveWithoutEngine(standInGuest())
  try {
    await page.goto(serve.url)
    const guide = page.getByRole('dialog', { name: 'No engine answers: start the built-in VM?' })
    await expect(guide).toBeVisible({ timeout: 20_000 })
    await expect(guide).toContainText('Your home folder is shared into the VM')
    await expect(guide.getByRole('group', { name: 'What the VM may use' }).getByLabel(/CPUs/)).toHaveValue('2')
    await expect(guide.getByRole('button', { name: 'Start the VM' })).toBeEnabled()
    await guide.getByRole('button', { name: 'Not now' }).click()
    await expect(guide).toBeHidden()
    await page.reload()
    await expect(page.getByRole('status', { name: 'Engine status' })).toContainText('Disconnected', { timeout: 20_000 })
    await expect(page.getByRole('dialog')).toHaveCount(0)
  } finally {
    await serve.stop()
  }
})

test('a VM that cannot start says why in the guide, and offers to try again', async ({ page }) => {
  const serve = await serveWithoutEngine(standInGuest())
  try {
    await page.goto(serve.url)
    const guide = page.getByRole('dialog', { name: /start the built-in VM/ })
    await guide.getByRole('button', { name: 'Start the VM' }).click()
    await expect(guide.getByRole('alert')).toBeVisible({ timeout: 60_000 })
    await expect(guide.getByRole('button', { name: 'Try again' })).toBeVisible()
    await page.screenshot({ path: 'test-results/vm-guide-error.png' })
  } finally {
    await serve.stop()
  }
})
