import { connect } from 'node:net'
import { Readable, type Duplex } from 'node:stream'
import { ChunkedDecoder } from '../logs/chunked-decoder'

/**
 * A streamed GET to an engine, read without Node's HTTP client: see ChunkedDecoder for why. The
 * engine is a local socket (unix socket or Windows named pipe, by path) or a stream its transport
 * opens (a streamlocal channel of the engine's SSH session). The body comes out as one Buffer per
 * read. Failures look like dockerode's (an `Error` with `statusCode` and `json.message`, or the
 * socket's own `code`), so engineErrorToAppError reads them the same way.
 */
export async function getOverSocket(
  target: string | (() => Promise<Duplex>),
  path: string,
  signal: AbortSignal,
  reasons: Record<number, string> = {},
): Promise<Readable> {
  if (signal.aborted) throw abortError()
  const request = `GET ${path} HTTP/1.1\r\nHost: docker\r\nUser-Agent: Berth\r\nConnection: close\r\n\r\n`
  if (typeof target === 'string') {
    const socket = connect({ path: target })
    socket.once('connect', () => socket.write(request))
    return readResponse(socket, signal, reasons)
  }
  const stream = await target()
  stream.write(request)
  return readResponse(stream, signal, reasons)
}

function readResponse(socket: Duplex, signal: AbortSignal, reasons: Record<number, string>): Promise<Readable> {
  return new Promise((resolve, reject) => {
    // (Aborted while the stream was being opened.)
    if (signal.aborted) {
      socket.destroy()
      reject(abortError())
      return
    }
    let head: Buffer | undefined = Buffer.alloc(0)
    let body: Readable | undefined
    let settled = false
    const fail = (error: Error) => {
      socket.destroy()
      if (!settled) {
        settled = true
        reject(error)
      } else {
        // After the reader's `await` has attached its listeners: the body may have been handed
        // out in this same socket read, and an 'error' with no listener would crash main.
        setImmediate(() => body?.destroy(error))
      }
    }
    const onAbort = () => fail(abortError())
    signal.addEventListener('abort', onAbort, { once: true })
    socket.once('close', () => signal.removeEventListener('abort', onAbort))
    socket.on('error', fail)

    let decode: (chunk: Buffer) => Buffer | undefined
    let finished: () => boolean
    // A body with neither chunks nor a length ends when the connection does.
    let endsAtClose = false
    let errorBody: Buffer[] | undefined
    let status = 0

    socket.on('data', (chunk: Buffer) => {
      if (head) {
        head = Buffer.concat([head, chunk])
        const end = head.indexOf('\r\n\r\n')
        if (end < 0) {
          if (head.length > 64 * 1024) fail(new Error('The engine answered with an HTTP head over 64 KiB.'))
          return
        }
        const lines = head.subarray(0, end).toString('latin1').split('\r\n')
        const rest = head.subarray(end + 4)
        head = undefined
        status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0)
        const headers = new Map(lines.slice(1).map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
        if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) {
          const decoder = new ChunkedDecoder()
          decode = (input) => {
            const output = Buffer.allocUnsafe(input.length)
            const n = decoder.decode(input, output)
            return n > 0 ? output.subarray(0, n) : undefined
          }
          finished = () => decoder.done
        } else {
          // A body with a length, or one that lasts until the connection closes.
          const length = headers.has('content-length') ? Number(headers.get('content-length')) : Infinity
          endsAtClose = length === Infinity
          let seen = 0
          decode = (input) => {
            const take = Math.min(input.length, length - seen)
            seen += take
            return take > 0 ? input.subarray(0, take) : undefined
          }
          finished = () => seen >= length
        }
        if (status === 200) {
          settled = true
          body = new Readable({
            read: () => socket.resume(),
            destroy: (error, callback) => {
              socket.destroy()
              callback(error)
            },
          })
          resolve(body)
        } else {
          errorBody = []
        }
        if (rest.length === 0 && !finished()) return
        chunk = rest
      }
      let data: Buffer | undefined
      try {
        data = decode(chunk)
      } catch (error) {
        // A malformed chunk coding: the reader gets an error, not a crash of main.
        fail(error as Error)
        return
      }
      if (errorBody) {
        if (data) errorBody.push(data)
      } else if (data && !body!.push(data)) {
        socket.pause()
      }
      if (finished()) complete()
    })
    socket.on('end', () => {
      if (head) fail(Object.assign(new Error('The engine closed the connection before answering.'), { code: 'ECONNRESET' }))
      else if (finished() || endsAtClose) complete()
      // Cut short: the reader sees 'error' and 'close', as with Node's HTTP client.
      else fail(Object.assign(new Error('The engine closed the log stream mid-response.'), { code: 'ECONNRESET' }))
    })

    let completed = false
    function complete() {
      if (completed) return
      completed = true
      socket.destroy()
      if (errorBody) {
        const text = Buffer.concat(errorBody).toString('utf8')
        let json: { message?: string } | undefined
        try {
          json = JSON.parse(text) as { message?: string }
        } catch {
          json = { message: text.trim() }
        }
        const reason = reasons[status] ?? 'unexpected status'
        settled = true
        reject(Object.assign(new Error(`(HTTP code ${status}) ${reason} - ${json?.message ?? ''}`), { statusCode: status, reason, json }))
      } else {
        body!.push(null)
      }
    }
  })
}

function abortError(): Error {
  return Object.assign(new Error('The request was aborted.'), { name: 'AbortError', code: 'ABORT_ERR' })
}
