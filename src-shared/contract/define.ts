import type { z } from 'zod'

/**
 * The machinery that lets each domain's API be written once: a spec object of schemas from which
 * the service interface (main), the client interface (renderer), the channel names and the
 * request validation are all derived.
 */

declare const phantom: unique symbol
/** Carries a result type through a spec without a runtime value. */
export type Returns<T> = { readonly [phantom]?: T }
export const returns = <T>(): Returns<T> => ({}) as Returns<T>

/** A request answered once. */
export interface CallSpec<A extends z.ZodTuple = z.ZodTuple, R = unknown> {
  kind: 'call'
  args: A
  result: Returns<R>
}

/** A request answered by a stream of chunks, an end, and a cancel. */
export interface StreamSpec<A extends z.ZodTuple = z.ZodTuple, C = unknown> {
  kind: 'stream'
  args: A
  chunk: Returns<C>
}

export type MethodSpec = CallSpec | StreamSpec
export type DomainSpec = Record<string, MethodSpec>

export const call = <A extends z.ZodTuple, R>(args: A, result: Returns<R>): CallSpec<A, R> => ({
  kind: 'call',
  args,
  result,
})

export const stream = <A extends z.ZodTuple, C>(args: A, chunk: Returns<C>): StreamSpec<A, C> => ({
  kind: 'stream',
  args,
  chunk,
})

/** What a service receives to feed a stream: push chunks until done or until `signal` aborts. */
export interface StreamSink<C> {
  readonly signal: AbortSignal
  next(chunk: C): void
}

/** What the renderer passes to follow a stream. */
export interface StreamHandlers<C> {
  onChunk(chunk: C): void
  /** Called once, with the error when the stream failed; not called after `cancel()`. */
  onEnd?(error?: import('../errors').AppError): void
}

/** A live stream on the renderer side. */
export interface Subscription {
  cancel(): void
}

/**
 * The main-process side of a domain. A call may answer synchronously or with a promise; a stream
 * method gets the sink last and settles when the stream is over.
 */
export type ServiceOf<D extends DomainSpec> = {
  [K in keyof D]: D[K] extends CallSpec<infer A, infer R>
    ? (...args: z.infer<A>) => Promise<R> | R
    : D[K] extends StreamSpec<infer A, infer C>
      ? (...args: [...z.infer<A>, StreamSink<C>]) => Promise<void>
      : never
}

/** The renderer side of a domain. */
export type ClientOf<D extends DomainSpec> = {
  [K in keyof D]: D[K] extends CallSpec<infer A, infer R>
    ? (...args: z.infer<A>) => Promise<R>
    : D[K] extends StreamSpec<infer A, infer C>
      ? (...args: [...z.infer<A>, StreamHandlers<C>]) => Subscription
      : never
}

/** Channel names are derived, never typed by hand: `containers:list`. */
export const channelOf = (domain: string, method: string): string => `${domain}:${method}`
