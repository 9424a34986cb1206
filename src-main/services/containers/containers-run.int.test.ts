import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contract } from '../../../src-shared/contract'
import { parseDockerRun, toDockerRun } from '../../../src-shared/run-spec/cli'
import { emptyRunSpec, type RunSpec } from '../../../src-shared/run-spec/schema'
import { shellSplit } from '../../../src-shared/run-spec/shell'
import { dockerCli, requireTestEngine } from '../../testing/test-engine'
import { containersHarness, rejection } from './containers-testing'

type Harness = Awaited<ReturnType<typeof containersHarness>>
const label = { key: 'berth.test', value: 'containers' }
const spec = (over: Partial<RunSpec>): RunSpec => ({ ...emptyRunSpec('berth-fixture/base'), network: 'none', labels: [label], command: ['sleep', '3600'], ...over })

/** The parts of an inspect that a run spec decides, to compare two containers' configuration. */
const configOf = async (id: string) => {
  const i = JSON.parse(await dockerCli('inspect', id))[0]
  return {
    // Env compared as a set: once (CI, 2026-11-30) the CLI-made container listed EMPTY= before GREETING=.
    image: i.Config.Image, cmd: i.Config.Cmd, entrypoint: i.Config.Entrypoint, env: [...(i.Config.Env as string[])].sort(), labels: i.Config.Labels,
    workingDir: i.Config.WorkingDir, user: i.Config.User, tty: i.Config.Tty, openStdin: i.Config.OpenStdin, exposed: i.Config.ExposedPorts,
    volumes: i.Config.Volumes, binds: i.HostConfig.Binds, mounts: i.HostConfig.Mounts, portBindings: i.HostConfig.PortBindings,
    restart: i.HostConfig.RestartPolicy, autoRemove: i.HostConfig.AutoRemove, memory: i.HostConfig.Memory, nanoCpus: i.HostConfig.NanoCpus,
    networkMode: i.HostConfig.NetworkMode,
  }
}

describe('containers: running from the dialog\'s spec, and every refusal', () => {
  let h: Harness
  let hostDir: string
  beforeAll(async () => {
    h = await containersHarness(requireTestEngine())
    hostDir = mkdtempSync(join(tmpdir(), 'berth-containers-bind-'))
    writeFileSync(join(hostDir, 'from-host.txt'), 'hi')
  })
  afterAll(() => h.dispose())

  it('runs a container with an env var, a bind mount and no network; the CLI sees it running', async () => {
    const name = h.name('run')
    const result = await h.service.run(h.engineId, spec({ name, image: 'berth-fixture/app-a', command: undefined, env: [{ key: 'COLOR', value: 'blue' }], mounts: [{ type: 'bind', source: hostDir, target: '/host', readOnly: false }] }))
    h.track(result.id)
    expect(result.name).toBe(name)
    expect((await dockerCli('inspect', '-f', '{{.State.Status}} {{.HostConfig.NetworkMode}}', result.id)).trim()).toBe('running none')
    expect((await dockerCli('exec', result.id, 'sh', '-c', 'echo $COLOR; cat /host/from-host.txt')).trim()).toBe('blue\nhi')
    await dockerCli('exec', result.id, 'sh', '-c', 'echo back > /host/from-container.txt')
    expect(readFileSync(join(hostDir, 'from-container.txt'), 'utf8')).toBe('back\n')
  })

  it('round-trips dialog → docker run line → dialog to the same container, and the CLI running that line agrees', async () => {
    const full = spec({
      name: h.name('rt-berth'),
      env: [{ key: 'GREETING', value: "it's a \"test\"" }, { key: 'EMPTY', value: '' }],
      ports: [{ containerPort: 8080, protocol: 'tcp', hostPort: 18181 }, { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1' }],
      mounts: [{ type: 'bind', source: hostDir, target: '/data', readOnly: true }, { type: 'volume', source: '', target: '/scratch', readOnly: false }],
      workingDir: '/data',
      user: '0:0',
      restart: { policy: 'on-failure', maxRetries: 3 },
      memory: '64m',
      cpus: '0.5',
      labels: [label, { key: 'note', value: 'two words' }],
      tty: true,
      interactive: true,
      command: ['sh', '-c', 'echo "$GREETING"; sleep 3600'],
    })
    const line = toDockerRun(full)
    const parsed = parseDockerRun(line)
    expect(parsed.errors).toEqual([])
    expect(parsed.spec).toEqual(full)

    const created: string[] = []
    try {
      const viaBerth = h.track((await h.service.run(h.engineId, parsed.spec)).id)
      created.push(viaBerth)
      const cliName = h.name('rt-cli')
      const words = shellSplit(line.replace(`--name ${full.name}`, `--name ${cliName}`).replace('18181:8080', '18182:8080'))
      const viaCli = h.track((await dockerCli(...words.slice(1))).trim())
      created.push(viaCli)
      const [a, b] = await Promise.all([configOf(viaBerth), configOf(viaCli)])
      b.portBindings['8080/tcp'][0].HostPort = '18181'
      expect(a).toEqual(b)
      expect(a.memory).toBe(64 * 2 ** 20)
      expect(a.restart).toEqual({ Name: 'on-failure', MaximumRetryCount: 3 })
    } finally {
      // Gone even when an expectation fails, so a retry finds host port 18181 free again.
      if (created.length) await dockerCli('rm', '-fv', ...created)
    }
  })

  it('refuses a name in use, naming the container that has it', async () => {
    const name = h.name('taken')
    const owner = await h.cli('create', '--name', name, 'berth-fixture/base')
    const error = await rejection(h.service.run(h.engineId, spec({ name })))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toBe(`The name "${name}" is already used by container ${owner.slice(0, 12)}: choose another name, or remove that container first.`)
    expect(error.details).toMatchObject({ field: 'name' })
    expect(await h.service.check(h.engineId, spec({ name }))).toEqual([
      expect.objectContaining({ field: 'name', code: 'name-in-use', params: { name, owner: owner.slice(0, 12) } }),
    ])
  })

  it('answers NOT_FOUND with the image for an unknown image, so the dialog can offer to pull it', async () => {
    const error = await rejection(h.service.run(h.engineId, spec({ image: 'berth-fixture/not-here' })))
    expect(error.code).toBe('NOT_FOUND')
    expect(error.message).toBe('The image berth-fixture/not-here:latest is not on this engine: pull it first, then run again.')
    expect(error.details).toMatchObject({ image: 'berth-fixture/not-here:latest' })
    expect((await h.service.check(h.engineId, spec({ image: 'berth-fixture/not-here' }))).map((i) => i.code)).toEqual(['image-missing'])
  })

  it('refuses an invalid reference with the reason, before asking the engine', async () => {
    for (const [image, why] of [['Berth/App', /lowercase: try "berth\/app"/], ['app:-1', /tag "-1"/], ['a b', /spaces/]] as const) {
      const error = await rejection(h.service.run(h.engineId, spec({ image })))
      expect(error.code).toBe('INVALID_INPUT')
      expect(error.message).toMatch(why)
      expect(error.details).toMatchObject({ issues: [expect.objectContaining({ field: 'image', code: 'image-invalid' })] })
    }
  })

  it('explains an image without a command, and leaves no container behind', async () => {
    const name = h.name('nocmd')
    const error = await rejection(h.service.run(h.engineId, spec({ name, image: 'berth-fixture/no-cmd', command: undefined })))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toMatch(/^The image berth-fixture\/no-cmd has no default command: type a command to run/)
    expect(await dockerCli('ps', '-aq', '--filter', `name=^/${name}$`)).toBe('')
  })

  it('explains a command that is not in the image, and removes the container that could not start', async () => {
    const name = h.name('noexe')
    const error = await rejection(h.service.run(h.engineId, spec({ name, command: ['no-such-program'] })))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toBe('The command no-such-program was not found in the image: check the command and entrypoint.')
    expect(await dockerCli('ps', '-aq', '--filter', `name=^/${name}$`)).toBe('')
  })

  it('refuses an invalid memory value with what to write instead', async () => {
    const error = await rejection(h.service.run(h.engineId, spec({ memory: '12XB' })))
    expect(error.code).toBe('INVALID_INPUT')
    expect(error.message).toBe('"12XB" is not a memory size: write a number with an optional unit b, k, m, g (for example 512m or 1g).')
    expect((await rejection(h.service.run(h.engineId, spec({ memory: '1m' })))).message).toMatch(/too small/)
  })

  it('refuses a host port another container publishes (this engine has no bridge, so Berth checks before the engine would)', async () => {
    // Without a bridge the engine keeps the binding in HostConfig but never opens the port, so it
    // would accept both: the clash is caught by Berth's own check, the same one the dialog runs.
    const first = h.track((await h.service.run(h.engineId, spec({ name: h.name('port-a'), ports: [{ containerPort: 80, hostPort: 18080, protocol: 'tcp' }] }))).id)
    expect(JSON.parse(await dockerCli('inspect', '-f', '{{json .HostConfig.PortBindings}}', first))).toEqual({ '80/tcp': [{ HostIp: '', HostPort: '18080' }] })
    const clash = spec({ name: h.name('port-b'), ports: [{ containerPort: 81, hostPort: 18080, protocol: 'tcp', hostIp: '127.0.0.1' }] })
    const error = await rejection(h.service.run(h.engineId, clash))
    expect(error.code).toBe('CONFLICT')
    expect(error.message).toMatch(/^Host port 18080\/tcp is already published by container "berth-containers-port-a-\d+-\d+": choose another host port, or leave it empty for any free port\.$/)
    expect((await h.service.check(h.engineId, clash)).map((i) => `${i.field}:${i.code}`)).toEqual(['ports.0.hostPort:port-in-use'])
    // udp on the same number is another port.
    const udp = h.track((await h.service.run(h.engineId, spec({ name: h.name('port-udp'), ports: [{ containerPort: 81, hostPort: 18080, protocol: 'udp' }] }))).id)
    await dockerCli('rm', '-f', first, udp)
  })

  it('checks a whole spec at once: field problems first, then what the engine would refuse', async () => {
    expect((await h.service.check(h.engineId, spec({ name: 'x', cpus: 'lots', memory: '12XB' }))).map((i) => i.code)).toEqual(['name-invalid', 'memory-invalid', 'cpus-invalid'])
    expect(await h.service.check(h.engineId, spec({ name: h.name('free') }))).toEqual([])
  })

  it('rejects a malformed spec at the boundary', () => {
    const args = contract.containers.run.args
    expect(args.safeParse(['local', spec({})]).success).toBe(true)
    expect(args.safeParse(['local', { ...spec({}), ports: [{ containerPort: 70000, protocol: 'tcp' }] }]).success).toBe(false)
    expect(args.safeParse(['local', { ...spec({}), restart: { policy: 'sometimes' } }]).success).toBe(false)
    expect(args.safeParse(['local', { ...spec({}), image: 'x'.repeat(600) }]).success).toBe(false)
  })

  it('offers the local images, volumes and networks', async () => {
    const choices = await h.service.choices(h.engineId)
    expect(choices.images.flatMap((i) => i.references)).toEqual(expect.arrayContaining(['berth-fixture/base:latest', 'berth-fixture/app-a:latest']))
    expect(choices.networks).toEqual(expect.arrayContaining(['none', 'host']))
  })
})
