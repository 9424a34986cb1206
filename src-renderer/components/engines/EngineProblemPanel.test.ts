// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { EngineSummary } from '../../../src-shared/models/engine'
import { createFakeApi, engine } from '../../testing/fake-api'
import { mountWithApp } from '../../testing/mount'

const fake = vi.hoisted(() => ({ current: undefined as ReturnType<typeof createFakeApi> | undefined }))
vi.mock('../../api', () => ({ useApi: () => fake.current!.api, isDesktop: () => false }))

const { default: EngineProblemPanel } = await import('./EngineProblemPanel.vue')

function asking(wrong: boolean): EngineSummary {
  return {
    ...engine('remote'),
    state: { status: 'disconnected', reason: 'needs a password', problem: { kind: 'password', user: 'dev', host: 'build.example', port: 22, wrong } },
  }
}

describe('EngineProblemPanel, SSH password', () => {
  beforeEach(() => {
    fake.current = createFakeApi()
  })

  it('asks for the password (kept in memory only in the browser) and gives it through engines.unlock', async () => {
    const { wrapper } = mountWithApp(EngineProblemPanel, { props: { engine: asking(false) } })
    expect(wrapper.text()).toContain('Password of dev on build.example')
    expect(wrapper.text()).toContain('never written to disk')
    await wrapper.get('input[type="password"]').setValue('s3cret')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(fake.current!.api.engines.unlock).toHaveBeenCalledWith('remote', 's3cret', false)
  })

  it('says when the server refused the password, in Korean too', () => {
    const { wrapper } = mountWithApp(EngineProblemPanel, { props: { engine: asking(true) }, locale: 'ko' })
    expect(wrapper.text()).toContain('build.example의 dev 비밀번호')
    expect(wrapper.get('[role="alert"]').text()).toContain('서버가 비밀번호를 거부했습니다')
  })
})
