import { describe, expect, it } from 'vitest'
import { cpusProblem, formatCpus, formatMemoryForCli, memoryProblem, parseCpus, parseMemory } from './units'

describe('memory sizes, as the docker CLI reads them', () => {
  it.each([
    ['512m', 512 * 2 ** 20], ['1g', 2 ** 30], ['1G', 2 ** 30], ['1gb', 2 ** 30], ['1GiB', 2 ** 30], ['64 MB', 64 * 2 ** 20],
    ['1048576', 1048576], ['1.5g', 1.5 * 2 ** 30], ['100b', 100], ['10k', 10240],
  ])('%s is %d bytes', (text, bytes) => expect(parseMemory(text)).toBe(bytes))

  it.each(['12XB', '', 'm', '1.2.3g', '-5m', '12ib', 'lots'])('%j is not a size', (text) => expect(parseMemory(text)).toBeUndefined())

  it('explains what is wrong', () => {
    expect(memoryProblem('12XB')).toMatch(/"12XB" is not a memory size.*512m/)
    expect(memoryProblem('1m')).toMatch(/too small.*6m/)
    expect(memoryProblem('6m')).toBeUndefined()
  })

  it('writes byte counts back in the shortest CLI form', () => {
    expect(formatMemoryForCli(2 ** 30)).toBe('1g')
    expect(formatMemoryForCli(512 * 2 ** 20)).toBe('512m')
    expect(formatMemoryForCli(1000)).toBe('1000')
  })
})

describe('CPUs', () => {
  it('reads --cpus as nano-CPUs', () => {
    expect(parseCpus('1.5')).toBe(1_500_000_000)
    expect(parseCpus('.5')).toBe(500_000_000)
    expect(parseCpus('0')).toBeUndefined()
    expect(parseCpus('two')).toBeUndefined()
    expect(cpusProblem('-1')).toMatch(/positive number/)
    expect(formatCpus(1_500_000_000)).toBe('1.5')
  })
})
