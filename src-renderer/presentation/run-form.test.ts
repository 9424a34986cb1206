import { describe, expect, it } from 'vitest'
import { parseDockerRun, toDockerRun } from '../../src-shared/run-spec/cli'
import { formFromSpec, specFromForm } from './run-form'

describe('the run dialog\'s form ↔ spec', () => {
  it('round-trips a pasted line through the form and back to the same line', () => {
    const line = `docker run -d --name web -i -t --restart on-failure:3 -e 'A=b c' -p 127.0.0.1:8080:80/udp -p 9000 -v /h:/c:ro -v /anon -w /app -u 1000 -m 64m --cpus 0.5 --network none -l k=v berth-fixture/app-a sh -c 'echo "hi"; sleep 1'`
    const { spec } = parseDockerRun(line)
    const back = specFromForm(formFromSpec(spec))
    expect(back.commandError).toBeUndefined()
    expect(back.spec).toEqual(spec)
    expect(toDockerRun(back.spec)).toBe(line)
  })

  it('drops empty rows and turns non-numbers into ports validation rejects', () => {
    const form = formFromSpec(parseDockerRun('docker run busybox').spec)
    form.env.push({ key: '', value: '' })
    form.ports.push({ hostIp: '', hostPort: 'abc', containerPort: '80', protocol: 'tcp' }, { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' })
    const { spec } = specFromForm(form)
    expect(spec.env).toEqual([])
    expect(spec.ports).toEqual([{ containerPort: 80, hostPort: -1, protocol: 'tcp' }])
  })

  it('reports a command line the shell cannot split', () => {
    const form = formFromSpec(parseDockerRun('docker run busybox').spec)
    form.command = "echo 'unclosed"
    expect(specFromForm(form).commandError).toMatch(/never closed/)
  })
})
