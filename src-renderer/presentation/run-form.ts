import type { KeyValue } from '../../src-shared/models/container'
import { emptyRunSpec, normalizeRunSpec, type MountSpec, type RestartPolicy, type RunSpec } from '../../src-shared/run-spec/schema'
import { shellQuote, shellSplit } from '../../src-shared/run-spec/shell'

/** What the run dialog's inputs hold: text where the person types, turned into a RunSpec on submit. */
export interface RunForm {
  image: string
  name: string
  /** The command as one line, split like a shell would. */
  command: string
  entrypoint: string
  env: KeyValue[]
  ports: { hostIp: string; hostPort: string; containerPort: string; protocol: 'tcp' | 'udp' }[]
  mounts: MountSpec[]
  workingDir: string
  user: string
  restart: RestartPolicy
  maxRetries: string
  autoRemove: boolean
  memory: string
  cpus: string
  network: string
  labels: KeyValue[]
  tty: boolean
  interactive: boolean
}

export function formFromSpec(spec: RunSpec): RunForm {
  return {
    image: spec.image,
    name: spec.name ?? '',
    command: (spec.command ?? []).map(shellQuote).join(' '),
    entrypoint: spec.entrypoint ?? '',
    env: spec.env.map((e) => ({ ...e })),
    ports: spec.ports.map((p) => ({ hostIp: p.hostIp ?? '', hostPort: p.hostPort ? String(p.hostPort) : '', containerPort: String(p.containerPort), protocol: p.protocol })),
    mounts: spec.mounts.map((m) => ({ ...m })),
    workingDir: spec.workingDir ?? '',
    user: spec.user ?? '',
    restart: spec.restart.policy,
    maxRetries: spec.restart.maxRetries ? String(spec.restart.maxRetries) : '',
    autoRemove: spec.autoRemove,
    memory: spec.memory ?? '',
    cpus: spec.cpus ?? '',
    network: spec.network ?? '',
    labels: spec.labels.map((l) => ({ ...l })),
    tty: spec.tty,
    interactive: spec.interactive,
  }
}

/** A port field as a number; text that is not one becomes -1 so validation names it. */
const portOf = (text: string): number | undefined => {
  const t = text.trim()
  if (t === '') return undefined
  return /^\d+$/.test(t) ? Math.min(Number(t), 65536) : -1
}

/** The spec the form means, or the shell error of its command line. */
export function specFromForm(form: RunForm): { spec: RunSpec; commandError?: string } {
  const spec = emptyRunSpec(form.image)
  let commandError: string | undefined
  try {
    const words = shellSplit(form.command)
    if (words.length) spec.command = words
  } catch (error) {
    commandError = error instanceof Error ? error.message : String(error)
  }
  if (form.name.trim()) spec.name = form.name
  if (form.entrypoint.trim()) spec.entrypoint = form.entrypoint.trim()
  spec.env = form.env.filter((e) => e.key !== '' || e.value !== '')
  spec.labels = form.labels.filter((l) => l.key !== '' || l.value !== '')
  spec.ports = form.ports
    .filter((p) => p.containerPort.trim() !== '' || p.hostPort.trim() !== '')
    .map((p) => {
      const port: RunSpec['ports'][number] = { containerPort: portOf(p.containerPort) ?? 0, protocol: p.protocol }
      const host = portOf(p.hostPort)
      if (host !== undefined) port.hostPort = host
      if (p.hostIp.trim()) port.hostIp = p.hostIp.trim()
      return port
    })
  spec.mounts = form.mounts.filter((m) => m.target !== '' || m.source !== '')
  spec.restart = form.restart === 'on-failure' && /^\d+$/.test(form.maxRetries) && Number(form.maxRetries) > 0 ? { policy: form.restart, maxRetries: Number(form.maxRetries) } : { policy: form.restart }
  spec.autoRemove = form.autoRemove
  spec.tty = form.tty
  spec.interactive = form.interactive
  for (const key of ['workingDir', 'user', 'memory', 'cpus', 'network'] as const) if (form[key].trim()) spec[key] = form[key].trim()
  return commandError ? { spec: normalizeRunSpec(spec), commandError } : { spec: normalizeRunSpec(spec) }
}
