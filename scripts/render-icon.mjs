// Renders resources/icon.svg to a PNG with Debian's Chromium: npm run icon
//   node scripts/render-icon.mjs resources/icon.svg resources/icon.png 512
import { readFileSync } from 'node:fs'
import { chromium } from 'playwright-core'

const [svgPath, outPath, sizeText] = process.argv.slice(2)
const size = Number(sizeText)
const browser = await chromium.launch({
  executablePath: process.env.BERTH_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
})
try {
  const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 })
  const svg = readFileSync(svgPath, 'utf8')
  await page.setContent(
    `<html><body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}" width="${size}" height="${size}" style="display:block"></body></html>`,
  )
  await page.waitForFunction(() => document.images[0]?.complete)
  await page.screenshot({ path: outPath, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } })
} finally {
  await browser.close()
}
