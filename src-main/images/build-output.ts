import { AppError } from '../../src-shared/errors'
import type { BuildChunk, BuildFailure } from '../../src-shared/models/image'
import type { JsonMessage } from './transfer-progress'

interface BuildMessage extends JsonMessage {
  stream?: string
  aux?: JsonMessage['aux'] & { ID?: string }
}

/**
 * Reads the classic builder's JSON stream: `{"stream":"Step 2/5 : RUN make\n"}`, the output lines,
 * `{"aux":{"ID":"sha256:…"}}` for the image, `{"error":…}` when a step fails. Keeps the failing
 * step's own output so the error can show it.
 */
export class BuildOutput {
  private step?: { step: number; total: number; instruction: string }
  private stepOutput: string[] = []
  private partial = ''
  imageId?: string

  feed(message: BuildMessage): BuildChunk[] {
    const out: BuildChunk[] = []
    if (message.aux?.ID) this.imageId = message.aux.ID
    if (message.error || message.errorDetail?.message) {
      this.flush(out)
      throw this.failure(message.errorDetail?.message ?? message.error ?? 'The build failed.')
    }
    const text = message.stream ?? (message.status ? `${message.status}\n` : '')
    this.partial += text
    let newline: number
    while ((newline = this.partial.indexOf('\n')) >= 0) {
      this.line(this.partial.slice(0, newline).replace(/\r$/, ''), out)
      this.partial = this.partial.slice(newline + 1)
    }
    return out
  }

  /** Lines left without a newline at the end of the stream. */
  end(): BuildChunk[] {
    const out: BuildChunk[] = []
    this.flush(out)
    return out
  }

  private flush(out: BuildChunk[]): void {
    if (this.partial) this.line(this.partial, out)
    this.partial = ''
  }

  private line(line: string, out: BuildChunk[]): void {
    const step = /^Step (\d+)\/(\d+) : (.*)$/.exec(line)
    if (step) {
      this.step = { step: Number(step[1]), total: Number(step[2]), instruction: step[3] ?? '' }
      this.stepOutput = []
      out.push({ type: 'step', step: this.step.step, total: this.step.total, instruction: this.step.instruction })
    } else if (!/^ ---> /.test(line) && !/^Removing intermediate container /.test(line)) {
      this.stepOutput.push(line)
      if (this.stepOutput.length > 200) this.stepOutput.shift()
    }
    out.push({ type: 'log', line })
  }

  private failure(message: string): AppError {
    const details: BuildFailure = { ...this.step, output: this.stepOutput.filter((l) => l.trim() !== '') }
    const where = this.step ? ` at step ${this.step.step}/${this.step.total} (${this.step.instruction})` : ''
    return new AppError('INVALID_INPUT', `The build failed${where}: ${message.trim()}`, details)
  }
}
