import { AppError } from '../../src-shared/errors'

/** What dockerode and Node's sockets throw, as much as we read of it. */
interface RawEngineError {
  statusCode?: number
  code?: string
  message?: string
  json?: { message?: string } | null
  reason?: string
  address?: string
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'EACCES'])

/**
 * Turns an engine failure into an AppError with a code the UI can branch on and the engine's own
 * message, which is usually the most actionable text there is ("No such container: web").
 */
export function engineErrorToAppError(error: unknown, endpoint?: string): AppError | undefined {
  if (error instanceof AppError) return error
  if (typeof error !== 'object' || error === null) return undefined
  const raw = error as RawEngineError
  const engineMessage = raw.json?.message ?? raw.reason ?? raw.message ?? 'The engine refused the request.'
  if (raw.code && UNREACHABLE_CODES.has(raw.code)) {
    const where = endpoint ?? raw.address ?? 'the engine'
    const hint =
      raw.code === 'EACCES'
        ? 'Berth may not use its socket: add yourself to the docker group or pick another engine.'
        : raw.code === 'ENOENT' || raw.code === 'ECONNREFUSED'
          ? 'Is the engine running?'
          : 'The connection broke.'
    return new AppError('ENGINE_UNREACHABLE', `Cannot reach ${where} (${raw.code}). ${hint}`, { cause: raw.code })
  }
  switch (raw.statusCode) {
    case 400:
      return new AppError('INVALID_INPUT', engineMessage)
    case 401:
    case 403:
      return new AppError('UNAUTHORIZED', engineMessage)
    case 404:
      return new AppError('NOT_FOUND', engineMessage)
    case 409:
      return /stop the container|running container|is running/i.test(engineMessage)
        ? new AppError('MUST_STOP_FIRST', engineMessage)
        : new AppError('CONFLICT', engineMessage)
    case 304:
      return new AppError('CONFLICT', engineMessage)
    case 501:
      return new AppError('UNSUPPORTED', engineMessage)
    default:
      return raw.statusCode ? new AppError('INTERNAL', engineMessage, { statusCode: raw.statusCode }) : undefined
  }
}
