import { z } from 'zod'

/** Every engine-scoped call takes the engine's id first. */
export const EngineId = z.string().min(1).max(200)
