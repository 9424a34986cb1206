import { homedir } from 'node:os'
import { join } from 'node:path'
import { startBridgeServer } from './bridge/bridge-server'
import { createCore } from './core'
import { createConsoleLogger } from './platform/logger'

/**
 * Browser mode: `npm run serve [-- --port N]`. The same services as the desktop app, the built
 * window served to a browser on 127.0.0.1. Its last line on stdout is the address to open.
 */
async function main(argv: string[]): Promise<void> {
  const port = parsePort(argv)
  const logger = createConsoleLogger(process.env.BERTH_LOG_LEVEL === 'debug' ? 'debug' : 'info')
  const core = createCore({
    env: process.env,
    logger,
    // Browser mode keeps no secrets on disk: passphrases live in memory for this run only.
    dataDir: process.env.BERTH_DATA_DIR || join(homedir(), '.config', 'Berth'),
    discover: process.env.BERTH_DISCOVER === '0' ? undefined : { sockets: true, contexts: true },
  })
  const bridge = await startBridgeServer({
    router: core.router,
    staticDir: process.env.BERTH_RENDERER_DIR ?? join(__dirname, '../renderer'),
    port,
    logger,
  })
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    await bridge.close()
    await core.dispose()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop())
  process.on('SIGTERM', () => void stop())
  logger.info(`Berth is serving on 127.0.0.1:${bridge.port}; open the address below (it holds this run's token).`)
  process.stdout.write(`${bridge.url}\n`)
}

function parsePort(argv: string[]): number {
  const index = argv.indexOf('--port')
  const value = index >= 0 ? argv[index + 1] : argv.find((a) => a.startsWith('--port='))?.slice('--port='.length)
  if (value === undefined) return 0
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port takes a number from 0 to 65535 (0 picks a free port); "${value}" is not one.`)
    process.exit(2)
  }
  return port
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
