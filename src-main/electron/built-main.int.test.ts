import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INVOKE_CHANNELS } from '../../src-shared/contract'
import { CONTENT_SECURITY_POLICY } from './security'
import { builtMain as bundle, ensureBuilt, repoRoot as root } from './testing/built-output'

// The built bundle, not the sources, is what electron-builder packs, so that is what runs here.
const harnessSource = join(__dirname, 'testing/built-main-harness.ts')
// Exiting on its own is the proof that quitting disposed everything; this is how long it may take.
// With the test engine (`npm run test:int` sets DOCKER_HOST) the engine's event stream holds the
// process open until the core is disposed; without one, the core must still start and quit cleanly.
const EXIT_WITHIN_MS = 20_000

interface Outcome {
  code: number | null
  timedOut: boolean
  stderr: string
  report: Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
}

let work: string
let harness: string

function run(...flags: string[]): Promise<Outcome> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [harness, bundle, ...flags], {
      cwd: root,
      env: {
        ...process.env,
        DOCKER_HOST: process.env.DOCKER_HOST ?? `unix://${join(work, 'no-engine.sock')}`,
        ELECTRON_RENDERER_URL: '',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, EXIT_WITHIN_MS)
    child.on('close', (code) => {
      clearTimeout(timer)
      // The last report is the final state (a failed start reports at app.exit, then again at quit).
      const line = stdout.split('\n').filter((l) => l.startsWith('BERTH_REPORT ')).at(-1)
      done({ code, timedOut, stderr, report: line ? JSON.parse(line.slice('BERTH_REPORT '.length)) : {} })
    })
  })
}

describe('the built main process, under a stand-in electron', () => {
  let outcome: Outcome

  beforeAll(async () => {
    ensureBuilt()
    work = mkdtempSync(join(tmpdir(), 'berth-main-'))
    harness = join(work, 'harness.cjs')
    const { outputText } = ts.transpileModule(readFileSync(harnessSource, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    })
    writeFileSync(harness, outputText)
    outcome = await run()
  })

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true })
  })

  it('starts, quits and exits on its own: the core was disposed', () => {
    expect(outcome.timedOut, `did not exit within ${EXIT_WITHIN_MS} ms; stderr:\n${outcome.stderr}`).toBe(false)
    expect(outcome.code, outcome.stderr).toBe(0)
    expect(outcome.report.quit?.exitCode, `main gave up at start-up:\n${outcome.stderr}`).toBeUndefined()
    expect(outcome.report.quit).toMatchObject({ completed: true })
    expect(outcome.report.unknownElectronMembers).toEqual([])
  })

  it('asks for the single-instance lock', () => {
    expect(outcome.report.lockRequested).toBe(true)
    expect(outcome.report.appEvents).toEqual(expect.arrayContaining(['second-instance', 'window-all-closed', 'will-quit']))
  })

  it('opens one isolated, sandboxed window with an existing preload', () => {
    const [window] = outcome.report.windows
    expect(outcome.report.windows).toHaveLength(1)
    const prefs = window.options.webPreferences
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webviewTag: false })
    expect(existsSync(prefs.preload), prefs.preload).toBe(true)
    expect(prefs.preload).toBe(join(root, 'out/preload/index.js'))
    expect(window.options).toMatchObject({ title: 'Berth', show: false })
    if (process.platform === 'linux') expect(existsSync(window.options.icon), window.options.icon).toBe(true)
    expect(window.loadedFile).toBe(join(root, 'out/renderer/index.html'))
    expect(outcome.report.probes.shownBeforeClose).toBe(true)
  })

  it('installs a strict Content-Security-Policy over whatever the response said', () => {
    const headers = outcome.report.probes.headersResponse.responseHeaders
    expect(headers['Content-Type']).toEqual(['text/html'])
    expect(headers['content-security-policy']).toBeUndefined()
    const [policy] = headers['Content-Security-Policy']
    expect(policy).toBe(CONTENT_SECURITY_POLICY)
    expect(policy).toContain("script-src 'self';")
    expect(policy).not.toContain('unsafe-eval')
    expect(policy).toContain("object-src 'none'")
  })

  it('keeps the window on our page and sends web links to the browser', () => {
    const { navigationPrevented, windowOpen, webviewPrevented } = outcome.report.probes
    expect(navigationPrevented).toEqual({ foreignHttps: true, foreignFile: true, ownRoute: false, redirectForeign: true })
    const { logWindow, ...others } = windowOpen as Record<string, { action: string; overrideBrowserWindowOptions?: { webPreferences?: Record<string, unknown> } }>
    expect(others).toEqual({ https: { action: 'deny' }, javascript: { action: 'deny' }, own: { action: 'deny' } })
    // A log window is a window of our own page, with the same locked-down preferences.
    expect(logWindow?.action).toBe('allow')
    expect(logWindow?.overrideBrowserWindowOptions?.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false })
    expect(webviewPrevented).toBe(true)
    expect(outcome.report.openedExternally).toEqual(['https://evil.example/phish', 'https://evil.example/', 'https://docs.docker.com/'])
  })

  it('refuses permissions, except clipboard writes from our page', () => {
    expect(outcome.report.probes.permissions).toEqual({ media: false, clipboardWrite: true, checkGeolocation: false })
  })

  it('has a menu', () => {
    expect(outcome.report.menuTemplateRoles).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'windowMenu']))
  })

  it('answers berth:invoke, only for allow-listed channels from our own page', () => {
    expect(outcome.report.ipcHandlers).toEqual(['berth:invoke'])
    expect(INVOKE_CHANNELS).not.toContain('fs:readFile')
    const { invoke } = outcome.report.probes
    expect(invoke.notAllowListed).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(invoke.argsNotList).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(invoke.foreignPage).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
    expect(invoke.subframe).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
    expect(invoke.otherContents).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
    expect(invoke.allowed).toMatchObject({ ok: true })
    expect(Array.isArray(invoke.allowed.value)).toBe(true)
  })

  it('pushes a stream to the window that started it, and removes the handler on quit', () => {
    const { invoke, pushed } = outcome.report.probes
    expect(invoke.stream).toMatchObject({ ok: true, value: { streamId: expect.any(String) } })
    expect(pushed.length).toBeGreaterThan(0)
    for (const { channel, event } of pushed) {
      expect(channel).toBe('stream:event')
      expect(event.streamId).toBe(invoke.stream.value.streamId)
    }
    expect(outcome.report.ipcRemoved).toEqual(['berth:invoke'])
  })

  it('quits at once, starting nothing, when another instance holds the lock', async () => {
    const second = await run('--lock-denied')
    expect(second.timedOut, second.stderr).toBe(false)
    expect(second.code, second.stderr).toBe(0)
    expect(second.report.quit).toMatchObject({ requested: 1, completed: true })
    expect(second.report.windows).toEqual([])
    expect(second.report.ipcHandlers).toEqual([])
  })
})
