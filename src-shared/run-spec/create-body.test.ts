import { describe, expect, it } from 'vitest'
import { fromCreateBody, toCreateBody } from './create-body'
import { emptyRunSpec, normalizeRunSpec, type RunSpec } from './schema'

describe('spec ↔ create body', () => {
  const spec: RunSpec = {
    ...emptyRunSpec('berth-fixture/base'),
    name: 'c1',
    command: ['sleep', '60'],
    env: [{ key: 'A', value: 'x=y' }],
    ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }, { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: 8081 }],
    mounts: [
      { type: 'bind', source: '/host', target: '/in', readOnly: true },
      { type: 'volume', source: '', target: '/anon', readOnly: false },
      { type: 'volume', source: '', target: '/anon-ro', readOnly: true },
    ],
    restart: { policy: 'on-failure', maxRetries: 2 },
    memory: '64m',
    cpus: '0.5',
    network: 'none',
    labels: [{ key: 'k', value: 'v' }],
    tty: true,
  }

  it('builds the body docker run sends', () => {
    const { name, body } = toCreateBody(spec)
    expect(name).toBe('c1')
    expect(body).toEqual({
      Image: 'berth-fixture/base',
      Cmd: ['sleep', '60'],
      Env: ['A=x=y'],
      Labels: { k: 'v' },
      Tty: true,
      ExposedPorts: { '80/tcp': {} },
      Volumes: { '/anon': {} },
      HostConfig: {
        PortBindings: { '80/tcp': [{ HostIp: '', HostPort: '8080' }, { HostIp: '127.0.0.1', HostPort: '8081' }] },
        Binds: ['/host:/in:ro'],
        Mounts: [{ Type: 'volume', Target: '/anon-ro', ReadOnly: true }],
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 2 },
        Memory: 64 * 2 ** 20,
        NanoCpus: 500_000_000,
        NetworkMode: 'none',
      },
    })
  })

  it('reads a body back into the same spec', () => {
    const { name, body } = toCreateBody(spec)
    expect(fromCreateBody(body, `/${name}`)).toEqual(normalizeRunSpec(spec))
  })

  it('leaves out what the image supplied', () => {
    const { body } = toCreateBody(emptyRunSpec('app'))
    const inspected = { ...body, Env: ['PATH=/bin', 'X=1'], Cmd: ['sh'], WorkingDir: '/app', Labels: { img: '1', mine: '2' } }
    const back = fromCreateBody(inspected, undefined, { env: ['PATH=/bin'], cmd: ['sh'], workingDir: '/app', labels: { img: '1' } })
    expect(back.env).toEqual([{ key: 'X', value: '1' }])
    expect(back.command).toBeUndefined()
    expect(back.workingDir).toBeUndefined()
    expect(back.labels).toEqual([{ key: 'mine', value: '2' }])
  })
})
