import { formatPublish, formatVolume, parseMount, parsePublish, parseVolume } from './cli-syntax'
import { emptyRunSpec, normalizeRunSpec, RESTART_POLICIES, type RestartPolicy, type RunSpec } from './schema'
import { shellQuote, shellSplit, ShellSyntaxError } from './shell'

/** The `docker run` line that makes the same container as the spec; each word shell-quoted. */
export function toDockerRun(input: RunSpec): string {
  const spec = normalizeRunSpec(input)
  const words: string[] = ['docker', 'run', '-d']
  const flag = (name: string, value: string) => words.push(name, shellQuote(value))
  if (spec.name) flag('--name', spec.name)
  if (spec.interactive) words.push('-i')
  if (spec.tty) words.push('-t')
  if (spec.autoRemove) words.push('--rm')
  if (spec.restart.policy !== 'no') {
    flag('--restart', spec.restart.policy === 'on-failure' && spec.restart.maxRetries ? `on-failure:${spec.restart.maxRetries}` : spec.restart.policy)
  }
  for (const e of spec.env) flag('-e', `${e.key}=${e.value}`)
  for (const p of spec.ports) flag('-p', formatPublish(p))
  for (const m of spec.mounts) {
    if (m.source === '' && m.readOnly) flag('--mount', `type=volume,target=${m.target},readonly`)
    else flag('-v', formatVolume(m))
  }
  if (spec.workingDir) flag('-w', spec.workingDir)
  if (spec.user) flag('-u', spec.user)
  if (spec.memory) flag('-m', spec.memory)
  if (spec.cpus) flag('--cpus', spec.cpus)
  if (spec.network) flag('--network', spec.network)
  for (const l of spec.labels) flag('-l', l.value === '' ? l.key : `${l.key}=${l.value}`)
  if (spec.entrypoint !== undefined) flag('--entrypoint', spec.entrypoint)
  words.push(shellQuote(spec.image))
  for (const arg of spec.command ?? []) words.push(shellQuote(arg))
  return words.join(' ')
}

export interface ParsedDockerRun {
  spec: RunSpec
  /** What could not be read: the dialog shows these and fills nothing while there are any. */
  errors: string[]
  /** Flags understood but left out (the dialog has no field for them), or read with a guess. */
  ignored: string[]
}

/** Flags with a value that `docker run` knows but the dialog has no field for: skipped with their value. */
const OTHER_VALUE_FLAGS = new Set([
  '--add-host', '--attach', '-a', '--blkio-weight', '--cap-add', '--cap-drop', '--cgroup-parent', '--cgroupns', '--cidfile',
  '--cpu-period', '--cpu-quota', '--cpu-shares', '-c', '--cpuset-cpus', '--cpuset-mems', '--device', '--dns', '--dns-option',
  '--dns-search', '--domainname', '--env-file', '--expose', '--gpus', '--group-add', '--health-cmd', '--health-interval',
  '--health-retries', '--health-start-period', '--health-timeout', '--hostname', '-h', '--ip', '--ip6', '--ipc', '--isolation',
  '--label-file', '--link', '--log-driver', '--log-opt', '--mac-address', '--memory-reservation', '--memory-swap',
  '--memory-swappiness', '--network-alias', '--pid', '--pids-limit', '--platform', '--pull', '--runtime', '--security-opt',
  '--shm-size', '--stop-signal', '--stop-timeout', '--storage-opt', '--sysctl', '--tmpfs', '--ulimit', '--userns', '--uts',
  '--volume-driver', '--volumes-from', '--detach-keys', '--kernel-memory', '--oom-score-adj',
])
const VALUE_FLAGS: Record<string, string> = {
  '--name': 'name', '-e': 'env', '--env': 'env', '-p': 'publish', '--publish': 'publish', '-v': 'volume', '--volume': 'volume',
  '--mount': 'mount', '-w': 'workdir', '--workdir': 'workdir', '-u': 'user', '--user': 'user', '--restart': 'restart',
  '-m': 'memory', '--memory': 'memory', '--cpus': 'cpus', '--network': 'network', '--net': 'network', '-l': 'label',
  '--label': 'label', '--entrypoint': 'entrypoint',
}
const BOOL_FLAGS: Record<string, string> = {
  '-t': 'tty', '--tty': 'tty', '-i': 'interactive', '--interactive': 'interactive', '--rm': 'rm', '-d': 'detach', '--detach': 'detach',
}

/** Strips what comes before the flags: `sudo`, `docker`/`podman`, `run` or `container run`. */
function dropPrefix(words: string[]): string[] | undefined {
  let i = 0
  if (words[i] === 'sudo') i++
  if (words[i] === 'docker' || words[i] === 'podman' || words[i]?.endsWith('/docker')) i++
  if (words[i] === 'container') i++
  if (words[i] === 'run') return words.slice(i + 1)
  if (words[i] === 'create') return words.slice(i + 1)
  return i === 0 ? words : undefined
}

/** Fills a spec from a pasted `docker run …` line. */
export function parseDockerRun(line: string): ParsedDockerRun {
  const spec = emptyRunSpec()
  const errors: string[] = []
  const ignored: string[] = []
  let words: string[]
  try {
    words = shellSplit(line.trim())
  } catch (error) {
    return { spec, errors: [error instanceof ShellSyntaxError ? error.message : String(error)], ignored }
  }
  const args = dropPrefix(words)
  if (!args) return { spec, errors: ['This is not a "docker run" line: it should start with docker run.'], ignored }

  const apply = (what: string, value: string) => {
    const eq = value.indexOf('=')
    switch (what) {
      case 'name': spec.name = value; break
      case 'env':
        if (eq < 0) {
          spec.env.push({ key: value, value: '' })
          ignored.push(`-e ${value} takes its value from your shell, which Berth cannot read: fill it in.`)
        } else spec.env.push({ key: value.slice(0, eq), value: value.slice(eq + 1) })
        break
      case 'label': spec.labels.push(eq < 0 ? { key: value, value: '' } : { key: value.slice(0, eq), value: value.slice(eq + 1) }); break
      case 'publish': { const r = parsePublish(value); if (r.ok) spec.ports.push(r.value); else errors.push(r.message); break }
      case 'volume': { const r = parseVolume(value); if (r.ok) spec.mounts.push(r.value); else errors.push(r.message); break }
      case 'mount': { const r = parseMount(value); if (r.ok) spec.mounts.push(r.value); else errors.push(r.message); break }
      case 'workdir': spec.workingDir = value; break
      case 'user': spec.user = value; break
      case 'memory': spec.memory = value; break
      case 'cpus': spec.cpus = value; break
      case 'network': spec.network = value; break
      case 'entrypoint': spec.entrypoint = value; break
      case 'restart': {
        const [policy = '', retries] = value.split(':')
        if (!(RESTART_POLICIES as readonly string[]).includes(policy)) {
          errors.push(`"${value}" is not a restart policy: use no, always, unless-stopped or on-failure[:max-retries].`)
        } else if (retries !== undefined && (policy !== 'on-failure' || !/^\d+$/.test(retries))) {
          errors.push(`"${value}": only on-failure takes a number of retries, like on-failure:3.`)
        } else spec.restart = retries ? { policy: policy as RestartPolicy, maxRetries: Number(retries) } : { policy: policy as RestartPolicy }
        break
      }
    }
  }
  const setBool = (what: string) => {
    if (what === 'tty') spec.tty = true
    else if (what === 'interactive') spec.interactive = true
    else if (what === 'rm') spec.autoRemove = true
  }

  let i = 0
  for (; i < args.length; i++) {
    const word = args[i]!
    if (word === '--') { i++; break }
    if (!word.startsWith('-') || word === '-') break
    if (word.startsWith('--')) {
      const eq = word.indexOf('=')
      const flag = eq < 0 ? word : word.slice(0, eq)
      const inline = eq < 0 ? undefined : word.slice(eq + 1)
      if (VALUE_FLAGS[flag] || OTHER_VALUE_FLAGS.has(flag)) {
        const value = inline ?? args[++i]
        if (value === undefined) { errors.push(`${flag} needs a value.`); break }
        if (VALUE_FLAGS[flag]) apply(VALUE_FLAGS[flag], value)
        else ignored.push(flag === '--env-file' ? `--env-file ${value}: paste the file's lines into Environment instead.` : `${flag} ${value}`)
      } else if (BOOL_FLAGS[flag]) {
        if (inline === undefined || inline === 'true') setBool(BOOL_FLAGS[flag])
      } else ignored.push(word)
      continue
    }
    // A cluster of short flags: -it, -dit, -p8080:80, -eKEY=v.
    for (let j = 1; j < word.length; j++) {
      const flag = `-${word[j]}`
      if (BOOL_FLAGS[flag]) { setBool(BOOL_FLAGS[flag]); continue }
      if (VALUE_FLAGS[flag] || OTHER_VALUE_FLAGS.has(flag)) {
        let value = word.slice(j + 1)
        if (value.startsWith('=')) value = value.slice(1)
        if (value === '') value = args[++i] ?? ''
        if (value === '') errors.push(`${flag} needs a value.`)
        else if (VALUE_FLAGS[flag]) apply(VALUE_FLAGS[flag], value)
        else ignored.push(`${flag} ${value}`)
        break
      }
      ignored.push(flag)
    }
  }
  const image = args[i]
  if (image === undefined) errors.push('The line names no image: put it after the flags, like docker run -d nginx:1.27.')
  else {
    spec.image = image
    const command = args.slice(i + 1)
    if (command.length) spec.command = command
  }
  return { spec: normalizeRunSpec(spec), errors, ignored }
}
