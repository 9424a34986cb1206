// Reads Vitest's and Playwright's JSON reports and prints one line per suite, then the totals as
// the plain closing line CI reads: "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs'

const [vitestFile, playwrightFile] = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0

if (vitestFile && existsSync(vitestFile)) {
  const report = JSON.parse(readFileSync(vitestFile, 'utf8'))
  const byProject = {}
  for (const file of report.testResults ?? []) {
    const project = /\.int\.test\.ts$/.test(file.name) ? 'engine-integration' : 'unit'
    const p = (byProject[project] ??= { passed: 0, failed: 0, skipped: 0 })
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'passed' && (t.retryCount ?? 0) > 0) console.log(`flaky (passed on retry): ${t.fullName}`)
      if (t.status === 'passed') p.passed++
      else if (t.status === 'failed') p.failed++
      else p.skipped++
    }
    // A file that failed to load has no tests but did fail.
    if ((file.assertionResults ?? []).length === 0 && file.status === 'failed') p.failed++
  }
  for (const [name, p] of Object.entries(byProject)) {
    console.log(`${name}: ${p.passed} passed, ${p.failed} failed, ${p.skipped} skipped`)
    passed += p.passed
    failed += p.failed
    skipped += p.skipped
  }
} else {
  console.log('vitest: no report (it did not run)')
  failed++
}

if (playwrightFile && existsSync(playwrightFile)) {
  const stats = JSON.parse(readFileSync(playwrightFile, 'utf8')).stats ?? {}
  // A flaky test failed once and passed on its retry: it counts as passed, and is named as flaky.
  const p = { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed: stats.unexpected ?? 0, skipped: stats.skipped ?? 0 }
  console.log(`e2e: ${p.passed} passed, ${p.failed} failed, ${p.skipped} skipped${stats.flaky ? ` (${stats.flaky} flaky: passed on retry)` : ''}`)
  passed += p.passed
  failed += p.failed
  skipped += p.skipped
} else {
  console.log('e2e: no report (it did not run)')
  failed++
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`)
process.exit(failed > 0 || passed === 0 ? 1 : 0)
