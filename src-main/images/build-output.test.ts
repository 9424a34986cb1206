import { expect, it } from 'vitest'
import { BuildOutput } from './build-output'

it('emits steps and lines, and fails with the failing step and its output', () => {
  const out = new BuildOutput()
  expect(out.feed({ stream: 'Step 1/2 : FROM base\n' })).toEqual([{ type: 'step', step: 1, total: 2, instruction: 'FROM base' }, { type: 'log', line: 'Step 1/2 : FROM base' }])
  out.feed({ stream: ' ---> abc\nStep 2/2 : RUN make\n' })
  out.feed({ stream: ' ---> Running in 123\nmake: *** no' })
  out.feed({ stream: ' rule\n' })
  try {
    out.feed({ error: "The command '/bin/sh -c make' returned a non-zero code: 2", errorDetail: { message: "The command '/bin/sh -c make' returned a non-zero code: 2" } })
    expect.fail('should throw')
  } catch (error) {
    expect(error).toMatchObject({ code: 'INVALID_INPUT', details: { step: 2, total: 2, instruction: 'RUN make', output: ['make: *** no rule'] } })
    expect((error as Error).message).toBe("The build failed at step 2/2 (RUN make): The command '/bin/sh -c make' returned a non-zero code: 2")
  }
})

it('remembers the built image id', () => {
  const out = new BuildOutput()
  out.feed({ aux: { ID: 'sha256:abc' } } as never)
  expect(out.imageId).toBe('sha256:abc')
})
