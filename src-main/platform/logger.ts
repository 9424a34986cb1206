/** The one logging seam; services take it by injection. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void
  info(message: string, ...details: unknown[]): void
  warn(message: string, ...details: unknown[]): void
  error(message: string, ...details: unknown[]): void
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const
type Level = (typeof LEVELS)[number]

/** Logs to stderr, so stdout stays free for what a command promises to print (the serve URL). */
export function createConsoleLogger(minLevel: Level = 'info'): Logger {
  const min = LEVELS.indexOf(minLevel)
  const at =
    (level: Level) =>
    (message: string, ...details: unknown[]) => {
      if (LEVELS.indexOf(level) >= min) console.error(`[${level}] ${message}`, ...details)
    }
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') }
}

/** For tests and for places that must stay silent. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
