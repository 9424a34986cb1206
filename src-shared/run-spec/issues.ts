/**
 * Why a run spec cannot run, one issue per field. `code` and `params` let the dialog say it in the
 * person's language; `message` is the English text for logs, tests and the CLI-minded.
 */
export const RUN_ISSUE_CODES = [
  'image-required',
  'image-invalid',
  'image-missing',
  'name-invalid',
  'name-in-use',
  'port-invalid',
  'port-duplicate',
  'port-in-use',
  'host-ip-invalid',
  'mount-target-invalid',
  'mount-source-invalid',
  'mount-duplicate',
  'env-key-invalid',
  'env-duplicate',
  'label-key-invalid',
  'memory-invalid',
  'memory-too-small',
  'cpus-invalid',
  'workdir-invalid',
  'restart-with-auto-remove',
] as const

export type RunIssueCode = (typeof RUN_ISSUE_CODES)[number]

export interface RunIssue {
  /** The spec field: `image`, `name`, `ports.2.hostPort`, `memory` … */
  field: string
  code: RunIssueCode
  message: string
  params?: Record<string, string>
}

export const issue = (field: string, code: RunIssueCode, message: string, params?: Record<string, string>): RunIssue =>
  params ? { field, code, message, params } : { field, code, message }
