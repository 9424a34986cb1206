import { expect, it } from 'vitest'
import { backoffDelay } from './backoff'

it('doubles from 250 ms and caps at 3 s', () => {
  expect([1, 2, 3, 4, 5, 6, 20].map((n) => backoffDelay(n))).toEqual([250, 500, 1000, 2000, 3000, 3000, 3000])
})
