/**
 * Errors that cross the boundary. The codes are a closed union so the UI can branch on them
 * ("force remove?") while the message stays something a person can act on.
 */
export const ERROR_CODES = [
  'ENGINE_UNREACHABLE',
  'NOT_FOUND',
  'CONFLICT',
  'MUST_STOP_FIRST',
  'INVALID_INPUT',
  'UNAUTHORIZED',
  'CANCELLED',
  'UNSUPPORTED',
  'INTERNAL',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** The JSON-safe shape of an error as it travels between main and renderer. */
export interface ErrorInfo {
  code: ErrorCode
  message: string
  details?: unknown
}

/** An error with a code; thrown by services, serialised by the router, rethrown by the client. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly details?: unknown

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message)
    this.name = 'AppError'
    this.code = code
    this.details = details
  }

  toInfo(): ErrorInfo {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }

  static fromInfo(info: ErrorInfo): AppError {
    return new AppError(info.code, info.message, info.details)
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

/** The envelope every call answers with. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo }

export function ok<T>(value: T): Result<T> {
  return { ok: true, value }
}

export function fail(error: ErrorInfo): Result<never> {
  return { ok: false, error }
}
