/** Progress has one shape everywhere. `max < 0` means indeterminate. */
export interface Progress {
  current: number
  max: number
  description: string
}
