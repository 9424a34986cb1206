import { describe, expect, it } from 'vitest'
import { ORIGIN_COLOURS, originColour, originLabel, originWidth } from './log-origin'

describe('originColour', () => {
  it('is stable for a name and within the palette', () => {
    for (const name of ['web-1', 'db-1', 'shop-worker-2', '', '한국어-컨테이너']) {
      const colour = originColour(name)
      expect(colour).toBe(originColour(name))
      expect(Number.isInteger(colour)).toBe(true)
      expect(colour).toBeGreaterThanOrEqual(0)
      expect(colour).toBeLessThan(ORIGIN_COLOURS)
    }
  })

  it('spreads similar names over the palette', () => {
    const colours = new Set(Array.from({ length: 40 }, (_, i) => originColour(`app-web-${i}`)))
    expect(colours.size).toBeGreaterThanOrEqual(ORIGIN_COLOURS - 1)
  })
})

describe('originLabel', () => {
  it('drops the project part compose puts in front', () => {
    expect(originLabel('shop-web-1', 'shop')).toBe('web-1')
    expect(originLabel('shop_db_1', 'shop')).toBe('db_1')
  })

  it('keeps names that do not start with the project, or are only the project', () => {
    expect(originLabel('other-web-1', 'shop')).toBe('other-web-1')
    expect(originLabel('shop-', 'shop')).toBe('shop-')
    expect(originLabel('shopping-1', 'shop')).toBe('shopping-1')
    expect(originLabel('web-1')).toBe('web-1')
  })
})

describe('originWidth', () => {
  it('is the longest label, 0 for none', () => {
    expect(originWidth(['web-1', 'database-1', 'db'])).toBe(10)
    expect(originWidth([])).toBe(0)
  })
})
