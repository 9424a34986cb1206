import { issue, type RunIssue } from './issues'
import { containerNameProblem, referenceProblem } from './reference'
import type { RunSpec } from './schema'
import { cpusProblem, memoryProblem, parseMemory, MIN_MEMORY_BYTES } from './units'

const ENV_KEY = /^[^=\s][^=]*$/
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/
const IPV6 = /^[0-9a-fA-F:]+(%\w+)?$/

export const isAbsolutePath = (path: string): boolean => path.startsWith('/')

/**
 * Everything wrong with a spec that can be known without asking the engine. The engine-side
 * checks (name in use, port published by another container, image present) live in main.
 */
export function validateRunSpec(spec: RunSpec): RunIssue[] {
  const issues: RunIssue[] = []
  const image = spec.image.trim()
  if (image === '') issues.push(issue('image', 'image-required', 'Choose an image, or type its name (for example nginx:1.27).'))
  else {
    const problem = referenceProblem(image)
    if (problem) issues.push(issue('image', 'image-invalid', problem, { image }))
  }

  const name = spec.name?.trim()
  if (name) {
    const problem = containerNameProblem(name)
    if (problem) issues.push(issue('name', 'name-invalid', problem, { name }))
  }

  const published = new Map<string, number>()
  spec.ports.forEach((p, i) => {
    if (p.containerPort < 1 || p.containerPort > 65535) {
      issues.push(issue(`ports.${i}.containerPort`, 'port-invalid', `Container port ${p.containerPort} is out of range: use 1 to 65535.`, { port: String(p.containerPort) }))
    }
    if (p.hostPort !== undefined && p.hostPort !== 0 && (p.hostPort < 1 || p.hostPort > 65535)) {
      issues.push(issue(`ports.${i}.hostPort`, 'port-invalid', `Host port ${p.hostPort} is out of range: use 1 to 65535, or leave it empty for any free port.`, { port: String(p.hostPort) }))
    }
    if (p.hostIp && !IPV4.test(p.hostIp) && !IPV6.test(p.hostIp)) {
      issues.push(issue(`ports.${i}.hostIp`, 'host-ip-invalid', `"${p.hostIp}" is not an IP address: use one like 127.0.0.1, or leave it empty for every interface.`, { ip: p.hostIp }))
    }
    if (p.hostPort) {
      const key = `${p.hostIp || '0.0.0.0'}:${p.hostPort}/${p.protocol}`
      if (published.has(key)) {
        issues.push(issue(`ports.${i}.hostPort`, 'port-duplicate', `Host port ${p.hostPort}/${p.protocol} is published twice: each host port can carry one container port.`, { port: String(p.hostPort) }))
      }
      published.set(key, i)
    }
  })

  const targets = new Set<string>()
  spec.mounts.forEach((m, i) => {
    if (!isAbsolutePath(m.target)) {
      issues.push(issue(`mounts.${i}.target`, 'mount-target-invalid', `The path in the container "${m.target}" must be absolute (start with /).`, { path: m.target }))
    } else if (targets.has(m.target)) {
      issues.push(issue(`mounts.${i}.target`, 'mount-duplicate', `Two mounts use ${m.target} in the container: keep one.`, { path: m.target }))
    }
    targets.add(m.target)
    if (m.type === 'bind' && !isAbsolutePath(m.source)) {
      issues.push(issue(`mounts.${i}.source`, 'mount-source-invalid', `The host folder "${m.source}" must be an absolute path (start with /).`, { path: m.source }))
    }
    if (m.type === 'volume' && m.source !== '' && !VOLUME_NAME.test(m.source)) {
      issues.push(issue(`mounts.${i}.source`, 'mount-source-invalid', `"${m.source}" cannot name a volume: use letters, digits, "_", "." and "-" (at least 2 characters).`, { path: m.source }))
    }
  })

  const envKeys = new Set<string>()
  spec.env.forEach((e, i) => {
    if (e.key === '' && e.value === '') return
    if (!ENV_KEY.test(e.key)) {
      issues.push(issue(`env.${i}.key`, 'env-key-invalid', `"${e.key}" cannot name an environment variable: it must be non-empty and hold no "=".`, { key: e.key }))
    } else if (envKeys.has(e.key)) {
      issues.push(issue(`env.${i}.key`, 'env-duplicate', `${e.key} is set twice: only the last value would count.`, { key: e.key }))
    }
    envKeys.add(e.key)
  })

  spec.labels.forEach((l, i) => {
    if (l.key === '' && l.value === '') return
    if (l.key.trim() === '' || l.key.includes('=')) {
      issues.push(issue(`labels.${i}.key`, 'label-key-invalid', `"${l.key}" cannot be a label key: it must be non-empty and hold no "=".`, { key: l.key }))
    }
  })

  const memory = spec.memory?.trim()
  if (memory) {
    const problem = memoryProblem(memory)
    if (problem) {
      const tooSmall = (parseMemory(memory) ?? Infinity) < MIN_MEMORY_BYTES
      issues.push(issue('memory', tooSmall ? 'memory-too-small' : 'memory-invalid', problem, { value: memory }))
    }
  }
  const cpus = spec.cpus?.trim()
  if (cpus) {
    const problem = cpusProblem(cpus)
    if (problem) issues.push(issue('cpus', 'cpus-invalid', problem, { value: cpus }))
  }
  const workingDir = spec.workingDir?.trim()
  if (workingDir && !isAbsolutePath(workingDir)) {
    issues.push(issue('workingDir', 'workdir-invalid', `The working directory "${workingDir}" must be an absolute path (start with /).`, { path: workingDir }))
  }
  if (spec.autoRemove && spec.restart.policy !== 'no') {
    issues.push(issue('restart', 'restart-with-auto-remove', 'A container that removes itself when it stops cannot also be restarted: turn off auto-remove or choose the "no" restart policy.'))
  }
  return issues
}
