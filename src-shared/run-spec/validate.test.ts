import { describe, expect, it } from 'vitest'
import { emptyRunSpec, type RunSpec } from './schema'
import { validateRunSpec } from './validate'

const codes = (spec: RunSpec) => validateRunSpec(spec).map((i) => `${i.field}:${i.code}`)

describe('run spec validation', () => {
  it('passes a good spec', () => {
    expect(validateRunSpec({ ...emptyRunSpec('busybox'), name: 'ok-1', memory: '64m', cpus: '0.5', workingDir: '/w' })).toEqual([])
  })

  it('names each problem by field, with a message a person can act on', () => {
    const issues = validateRunSpec({
      ...emptyRunSpec('Bad//Ref'),
      name: '-x',
      ports: [
        { containerPort: 0, protocol: 'tcp' },
        { containerPort: 80, hostPort: 8080, protocol: 'tcp' },
        { containerPort: 81, hostPort: 8080, protocol: 'tcp' },
        { containerPort: 82, hostPort: 8080, protocol: 'udp', hostIp: 'localhost' },
      ],
      mounts: [
        { type: 'bind', source: 'relative', target: '/a', readOnly: false },
        { type: 'volume', source: 'v', target: 'b', readOnly: false },
        { type: 'volume', source: '', target: '/a', readOnly: false },
      ],
      env: [{ key: 'A', value: '1' }, { key: 'A', value: '2' }, { key: 'B=C', value: '' }, { key: '', value: '' }],
      labels: [{ key: '', value: 'x' }],
      memory: '12XB',
      cpus: 'many',
      workingDir: 'app',
      autoRemove: true,
      restart: { policy: 'always' },
    })
    expect(issues.map((i) => `${i.field}:${i.code}`)).toEqual([
      'image:image-invalid',
      'name:name-invalid',
      'ports.0.containerPort:port-invalid',
      'ports.2.hostPort:port-duplicate',
      'ports.3.hostIp:host-ip-invalid',
      'mounts.0.source:mount-source-invalid',
      'mounts.1.target:mount-target-invalid',
      'mounts.1.source:mount-source-invalid',
      'mounts.2.target:mount-duplicate',
      'env.1.key:env-duplicate',
      'env.2.key:env-key-invalid',
      'labels.0.key:label-key-invalid',
      'memory:memory-invalid',
      'cpus:cpus-invalid',
      'workingDir:workdir-invalid',
      'restart:restart-with-auto-remove',
    ])
    expect(issues.find((i) => i.field === 'memory')?.message).toBe('"12XB" is not a memory size: write a number with an optional unit b, k, m, g (for example 512m or 1g).')
    expect(issues.find((i) => i.code === 'port-duplicate')?.message).toMatch(/8080\/tcp is published twice/)
  })

  it('asks for an image first', () => {
    expect(codes(emptyRunSpec())).toEqual(['image:image-required'])
  })

  it('tells a too-small memory limit apart from a malformed one', () => {
    expect(codes({ ...emptyRunSpec('busybox'), memory: '1m' })).toEqual(['memory:memory-too-small'])
  })

  it('lets the same host port carry tcp and udp', () => {
    expect(codes({ ...emptyRunSpec('busybox'), ports: [{ containerPort: 53, hostPort: 53, protocol: 'tcp' }, { containerPort: 53, hostPort: 53, protocol: 'udp' }] })).toEqual([])
  })
})
