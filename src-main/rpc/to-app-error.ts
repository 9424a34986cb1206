import { AppError } from '../../src-shared/errors'
import { engineErrorToAppError } from '../engines/engine-error'

/** Whatever a service threw, as an AppError; unknown failures become INTERNAL with their message. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  const mapped = engineErrorToAppError(error)
  if (mapped) return mapped
  const message = error instanceof Error ? error.message : String(error)
  return new AppError('INTERNAL', `Something went wrong inside Berth: ${message}`)
}
