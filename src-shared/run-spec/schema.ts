import { z } from 'zod'

/**
 * What the run dialog edits: a container to create and start, in the words of `docker run`.
 * Values stay as the person typed them (memory "512m", cpus "1.5") so the dialog, the CLI line
 * and a parsed CLI line all round-trip to the same spec; conversion happens in create-body.ts.
 */
export const RESTART_POLICIES = ['no', 'always', 'on-failure', 'unless-stopped'] as const

const text = (max: number) => z.string().max(max)

export const KeyValueSchema = z.object({ key: text(1024), value: text(65536) })

export const PortSpecSchema = z.object({
  /** Empty or absent: every interface. */
  hostIp: text(64).optional(),
  /** Absent: any free port the engine picks. */
  hostPort: z.number().int().min(0).max(65535).optional(),
  containerPort: z.number().int().min(0).max(65535),
  protocol: z.enum(['tcp', 'udp']),
})

export const MountSpecSchema = z.object({
  /** `volume` with an empty source is an anonymous volume. */
  type: z.enum(['volume', 'bind']),
  source: text(4096),
  target: text(4096),
  readOnly: z.boolean(),
})

export const RunSpecSchema = z.object({
  image: text(512),
  name: text(256).optional(),
  /** Arguments after the image: replaces the image's CMD when non-empty. */
  command: z.array(text(8192)).max(512).optional(),
  /** `--entrypoint`: one executable; "" resets the image's entrypoint. */
  entrypoint: text(4096).optional(),
  env: z.array(KeyValueSchema).max(1000),
  ports: z.array(PortSpecSchema).max(500),
  mounts: z.array(MountSpecSchema).max(200),
  workingDir: text(4096).optional(),
  user: text(256).optional(),
  restart: z.object({ policy: z.enum(RESTART_POLICIES), maxRetries: z.number().int().min(0).max(1_000_000).optional() }),
  autoRemove: z.boolean(),
  /** `-m`: "512m", "1g", "1048576" … */
  memory: text(32).optional(),
  /** `--cpus`: "1.5". */
  cpus: text(32).optional(),
  /** `--network`: none, host, bridge or a network's name; absent: the engine's default. */
  network: text(256).optional(),
  labels: z.array(KeyValueSchema).max(500),
  tty: z.boolean(),
  interactive: z.boolean(),
})

export type RunSpec = z.infer<typeof RunSpecSchema>
export type PortSpec = z.infer<typeof PortSpecSchema>
export type MountSpec = z.infer<typeof MountSpecSchema>
export type RestartPolicy = (typeof RESTART_POLICIES)[number]

/** A spec with nothing chosen but the image. */
export function emptyRunSpec(image = ''): RunSpec {
  return { image, env: [], ports: [], mounts: [], restart: { policy: 'no' }, autoRemove: false, labels: [], tty: false, interactive: false }
}

/**
 * The spec with empty optional values dropped, so two specs that mean the same container compare
 * equal (a blank name field and no name are the same thing).
 */
export function normalizeRunSpec(spec: RunSpec): RunSpec {
  const out: RunSpec = {
    image: spec.image.trim(),
    env: spec.env.filter((e) => e.key !== ''),
    ports: spec.ports.map((p) => {
      const port: PortSpec = { containerPort: p.containerPort, protocol: p.protocol }
      if (p.hostIp) port.hostIp = p.hostIp
      if (p.hostPort) port.hostPort = p.hostPort
      return port
    }),
    mounts: spec.mounts.filter((m) => m.target !== ''),
    restart: spec.restart.policy === 'on-failure' && spec.restart.maxRetries ? { ...spec.restart } : { policy: spec.restart.policy },
    autoRemove: spec.autoRemove,
    labels: spec.labels.filter((l) => l.key !== ''),
    tty: spec.tty,
    interactive: spec.interactive,
  }
  const name = spec.name?.trim()
  if (name) out.name = name
  if (spec.command && spec.command.length > 0) out.command = [...spec.command]
  if (spec.entrypoint !== undefined) out.entrypoint = spec.entrypoint
  for (const key of ['workingDir', 'user', 'memory', 'cpus', 'network'] as const) {
    const value = spec[key]?.trim()
    if (value) out[key] = value
  }
  return out
}
