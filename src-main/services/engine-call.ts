import type { EngineConnection } from '../engines/engine-connection'
import { engineErrorToAppError } from '../engines/engine-error'

/**
 * Runs one request against an engine. Failures become AppErrors naming the engine; a request that
 * finds the engine gone tells the connection, so the status bar changes at once.
 */
export async function engineCall<T>(engine: EngineConnection, request: () => Promise<T>): Promise<T> {
  try {
    return await request()
  } catch (error) {
    const appError = engineErrorToAppError(error, engine.endpoint.url)
    if (appError?.code === 'ENGINE_UNREACHABLE') engine.reportUnreachable(error)
    throw appError ?? error
  }
}
