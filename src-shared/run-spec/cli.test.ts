import { describe, expect, it } from 'vitest'
import { parseDockerRun, toDockerRun } from './cli'
import { emptyRunSpec, normalizeRunSpec, type RunSpec } from './schema'

const full: RunSpec = {
  image: 'berth-fixture/app-a:latest',
  name: 'web-1',
  command: ['sh', '-c', "echo 'hi there' && sleep 60"],
  entrypoint: '/bin/env',
  env: [{ key: 'GREETING', value: 'hello world' }, { key: 'EMPTY', value: '' }, { key: 'Q', value: `it's "q"` }],
  ports: [
    { containerPort: 80, protocol: 'tcp', hostPort: 8080 },
    { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 5353 },
    { containerPort: 443, protocol: 'tcp', hostIp: '::1' },
    { containerPort: 9000, protocol: 'tcp' },
  ],
  mounts: [
    { type: 'bind', source: '/tmp/my data', target: '/data', readOnly: true },
    { type: 'volume', source: 'cache', target: '/cache', readOnly: false },
    { type: 'volume', source: '', target: '/scratch', readOnly: false },
    { type: 'volume', source: '', target: '/ro-scratch', readOnly: true },
  ],
  workingDir: '/app',
  user: '1000:1000',
  restart: { policy: 'on-failure', maxRetries: 3 },
  autoRemove: false,
  memory: '512m',
  cpus: '1.5',
  network: 'none',
  labels: [{ key: 'berth.test', value: 'containers' }, { key: 'flag', value: '' }],
  tty: true,
  interactive: true,
}

describe('spec → docker run line → spec', () => {
  it('writes a line the shell reads back as the same words', () => {
    const line = toDockerRun(full)
    expect(line).toMatch(/^docker run -d --name web-1 -i -t --restart on-failure:3 -e 'GREETING=hello world' /)
    expect(line).toContain("-p 127.0.0.1:5353:53/udp -p '[::1]::443' -p 9000")
    expect(line).toContain("-v '/tmp/my data:/data:ro' -v cache:/cache -v /scratch --mount type=volume,target=/ro-scratch,readonly")
    expect(line).toContain('--entrypoint /bin/env berth-fixture/app-a:latest sh -c')
  })

  it.each([
    ['everything', full],
    ['nothing but the image', emptyRunSpec('busybox')],
    ['auto-remove and always', { ...emptyRunSpec('busybox'), autoRemove: true, restart: { policy: 'always' as const } }],
    ['an entrypoint reset', { ...emptyRunSpec('busybox'), entrypoint: '' }],
    ['unless-stopped with a name', { ...emptyRunSpec('a/b:c'), name: 'x1', restart: { policy: 'unless-stopped' as const } }],
  ])('round-trips %s', (_, spec) => {
    const parsed = parseDockerRun(toDockerRun(spec))
    expect(parsed.errors).toEqual([])
    expect(parsed.ignored).toEqual([])
    expect(parsed.spec).toEqual(normalizeRunSpec(spec))
  })
})

describe('parsing a pasted docker run line', () => {
  it('reads the flags people write, in their usual spellings', () => {
    const { spec, errors, ignored } = parseDockerRun(
      `sudo docker container run -dit --rm --name=api -p8080:80 -eA=1 --env B=2 --publish 127.0.0.1::9000/udp \\
        --volume=/host:/in:ro --mount type=bind,src=/h2,dst=/in2,readonly -w /w --user root -m 1g --cpus=2 --net host \\
        --label a=b -l c --restart=always --privileged --hostname box --entrypoint= alpine:3 ls -la`,
    )
    expect(errors).toEqual([])
    expect(ignored).toEqual(['--privileged', '--hostname box'])
    expect(spec).toEqual(
      normalizeRunSpec({
        ...emptyRunSpec('alpine:3'),
        name: 'api',
        interactive: true,
        tty: true,
        autoRemove: true,
        ports: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }, { hostIp: '127.0.0.1', containerPort: 9000, protocol: 'udp' }],
        env: [{ key: 'A', value: '1' }, { key: 'B', value: '2' }],
        mounts: [{ type: 'bind', source: '/host', target: '/in', readOnly: true }, { type: 'bind', source: '/h2', target: '/in2', readOnly: true }],
        workingDir: '/w',
        user: 'root',
        memory: '1g',
        cpus: '2',
        network: 'host',
        labels: [{ key: 'a', value: 'b' }, { key: 'c', value: '' }],
        restart: { policy: 'always' },
        entrypoint: '',
        command: ['ls', '-la'],
      }),
    )
  })

  it('says what it cannot read', () => {
    expect(parseDockerRun('docker run -p 70000:80 busybox').errors).toEqual(['Host port 70000 is out of range: use 1 to 65535.'])
    expect(parseDockerRun('docker run -p 80:0 busybox').errors[0]).toMatch(/Container port 0 is out of range/)
    expect(parseDockerRun('docker run -p 8000-8010:80 busybox').errors[0]).toMatch(/ranges .* not supported/)
    expect(parseDockerRun('docker run -p 80/sctp busybox').errors[0]).toMatch(/tcp or udp/)
    expect(parseDockerRun('docker run --restart sometimes busybox').errors[0]).toMatch(/not a restart policy/)
    expect(parseDockerRun('docker run --restart always:3 busybox').errors[0]).toMatch(/only on-failure/)
    expect(parseDockerRun('docker run -v a:b:c:d busybox').errors[0]).toMatch(/not a volume/)
    expect(parseDockerRun('docker run --mount type=tmpfs,dst=/t busybox').errors[0]).toMatch(/bind or volume/)
    expect(parseDockerRun('docker run --name').errors[0]).toMatch(/--name needs a value/)
    expect(parseDockerRun('docker run -d').errors[0]).toMatch(/names no image/)
    expect(parseDockerRun('docker ps -a').errors[0]).toMatch(/not a "docker run" line/)
    expect(parseDockerRun("docker run -e 'A=b busybox").errors[0]).toMatch(/never closed/)
  })

  it('keeps -e KEY without a value and says it must be filled in', () => {
    const { spec, ignored } = parseDockerRun('docker run -e HOME busybox')
    expect(spec.env).toEqual([{ key: 'HOME', value: '' }])
    expect(ignored[0]).toMatch(/from your shell/)
  })

  it('skips the values of flags it has no field for, so the image is still found', () => {
    const { spec, ignored } = parseDockerRun('docker run --env-file .env --add-host a:1.2.3.4 -h box busybox sleep 1')
    expect(spec.image).toBe('busybox')
    expect(spec.command).toEqual(['sleep', '1'])
    expect(ignored[0]).toMatch(/paste the file's lines/)
  })

  it('stops reading flags at the image, so the command keeps its own', () => {
    expect(parseDockerRun('docker run busybox ls -l --name x').spec.command).toEqual(['ls', '-l', '--name', 'x'])
    expect(parseDockerRun('docker run -- busybox').spec.image).toBe('busybox')
  })
})
