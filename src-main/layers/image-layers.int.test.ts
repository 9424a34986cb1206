import Dockerode from 'dockerode'
import { describe, expect, it } from 'vitest'
import { dockerCli, requireTestEngine } from '../testing/test-engine'
import { readImageLayers } from './image-layers'

const host = requireTestEngine()
const docker = new Dockerode({ socketPath: host.replace('unix://', '') })

describe('readImageLayers against docker history --no-trunc', () => {
  it.each(['berth-fixture/base', 'berth-fixture/app-a', 'berth-fixture/app-b'])('%s', async (ref) => {
    const layers = await readImageLayers(docker, ref)
    const cli = (await dockerCli('history', '--no-trunc', '--human=false', '--format', '{{.Size}}\t{{.CreatedBy}}', ref))
      .trimEnd()
      .split('\n')
      .map((line) => line.split('\t'))
      .reverse()
    expect(layers.map((l) => [String(l.size), l.createdByRaw.trim()])).toEqual(cli)
    const inspect = JSON.parse(await dockerCli('image', 'inspect', ref))[0]
    // Every diff id lands on exactly one step, in order.
    expect(layers.filter((l) => !l.empty).map((l) => l.diffId)).toEqual(inspect.RootFS.Layers)
    expect(layers.reduce((sum, l) => sum + l.size, 0)).toBe(inspect.Size)
  })

  it('cleans the instructions into Dockerfile form', async () => {
    const layers = await readImageLayers(docker, 'berth-fixture/app-a')
    expect(layers.map((l) => l.createdBy).slice(-4)).toEqual([
      'WORKDIR /app',
      "RUN echo 'hello from app-a' > /app/hello.txt",
      'ENV GREETING=hello',
      'CMD ["/bin/sh", "-c", "cat /app/hello.txt; sleep 3600"]',
    ])
    expect(layers.find((l) => l.createdBy === 'ENV GREETING=hello')?.empty).toBe(true)
  })

  it('shares the base chain ids between base and app-a', async () => {
    const [base, app] = await Promise.all([readImageLayers(docker, 'berth-fixture/base'), readImageLayers(docker, 'berth-fixture/app-a')])
    const baseChains = base.filter((l) => !l.empty).map((l) => l.chainId)
    expect(app.filter((l) => !l.empty).map((l) => l.chainId).slice(0, baseChains.length)).toEqual(baseChains)
  })
})
