/** Everything that lives is disposed: listeners, timers, streams, connections. */
export interface Disposable {
  dispose(): void
}

export const toDisposable = (dispose: () => void): Disposable => ({ dispose })

/** Resolves when the signal aborts: how a stream method waits for its cancel. */
export function untilAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve()
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }))
}

/** A set of listeners, each removable by the Disposable that adding it returned. */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>()

  on(listener: (value: T) => void): Disposable {
    this.listeners.add(listener)
    return toDisposable(() => this.listeners.delete(listener))
  }

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value)
  }

  get size(): number {
    return this.listeners.size
  }

  clear(): void {
    this.listeners.clear()
  }
}
