import { describe, expect, it } from 'vitest'
import { containerNameProblem, parseReference, referenceProblem, withDefaultTag } from './reference'

describe('image references (Docker\'s grammar)', () => {
  it.each([
    'busybox', 'busybox:1.36', 'berth-fixture/app-a', 'library/nginx:latest', 'ghcr.io/owner/app:1.0',
    'localhost:5000/team/app', 'registry.example.com:443/a/b/c:v1.2-rc_3', 'a__b/c--d', '[::1]:5000/app',
    `app@sha256:${'a'.repeat(64)}`, `app:1@sha256:${'b'.repeat(64)}`, '554f38c8f1a7',
  ])('accepts %s', (ref) => {
    expect(referenceProblem(ref)).toBeUndefined()
    expect(parseReference(ref)).toBeDefined()
  })

  it('splits name, tag and digest', () => {
    expect(parseReference('localhost:5000/app:2')).toEqual({ name: 'localhost:5000/app', tag: '2' })
    expect(parseReference(`app@sha256:${'c'.repeat(64)}`)).toEqual({ name: 'app', digest: `sha256:${'c'.repeat(64)}` })
  })

  it.each([
    ['', /Choose an image/],
    ['Nginx', /lowercase: try "nginx"/],
    ['ghcr.io/Owner/app', /lowercase: try "ghcr.io\/owner\/app"/],
    ['my app', /spaces/],
    ['https://ghcr.io/a/b', /URL/],
    ['app:-bad', /tag "-bad"/],
    ['a//b', /empty part/],
    ['app:', /tag ""/],
    ['app_:1', /not a valid image reference/],
    [`${'a'.repeat(256)}`, /longer than 255/],
  ])('rejects %j with a reason', (ref, why) => {
    expect(parseReference(ref)).toBeUndefined()
    expect(referenceProblem(ref)).toMatch(why)
  })

  it('adds the latest tag as the engine does', () => {
    expect(withDefaultTag('busybox')).toBe('busybox:latest')
    expect(withDefaultTag('busybox:1')).toBe('busybox:1')
    expect(withDefaultTag('localhost:5000/app')).toBe('localhost:5000/app:latest')
  })
})

describe('container names', () => {
  it('follows the engine\'s rule', () => {
    expect(containerNameProblem('web-1')).toBeUndefined()
    expect(containerNameProblem('a.b_c')).toBeUndefined()
    expect(containerNameProblem('x')).toMatch(/at least 2/)
    expect(containerNameProblem('-web')).toMatch(/start with a letter or digit/)
    expect(containerNameProblem('web app')).toMatch(/cannot name a container/)
  })
})
