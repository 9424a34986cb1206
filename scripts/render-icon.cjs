// Renders resources/icon.svg to a PNG with Debian's Chromium: node scripts/render-icon.cjs resources/icon.svg resources/icon.png 512
const { chromium } = require('playwright-core')
const fs = require('fs')
;(async () => {
  const [svgPath, outPath, size] = process.argv.slice(2)
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] })
  const page = await browser.newPage({ viewport: { width: +size, height: +size }, deviceScaleFactor: 1 })
  const svg = fs.readFileSync(svgPath, 'utf8')
  await page.setContent(`<html><body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${size}" height="${size}" style="display:block"></body></html>`)
  await page.waitForFunction(() => document.images[0].complete)
  await page.screenshot({ path: outPath, omitBackground: true, clip: { x: 0, y: 0, width: +size, height: +size } })
  await browser.close()
})().catch((e) => { console.error(e); process.exit(1) })
