import { AppError } from '../../../src-shared/errors'
import { withDefaultTag } from '../../../src-shared/run-spec/reference'

/**
 * The engine's refusals, reworded for a person: what happened to which container, and what to do.
 * The engine's own text stays in details.engineMessage for the curious.
 */
export function refineContainerError(error: unknown, context: { action: string; name: string; image?: string }): unknown {
  if (!(error instanceof AppError)) return error
  const engineMessage = error.message
  const details = { ...(typeof error.details === 'object' && error.details ? error.details : {}), engineMessage }
  const { action, name } = context
  const quoted = `"${name}"`

  if (error.code === 'NOT_FOUND' && /no such image/i.test(engineMessage) && context.image) {
    const image = withDefaultTag(context.image)
    return new AppError('NOT_FOUND', `The image ${image} is not on this engine: pull it first, then run again.`, { ...details, image })
  }
  if (error.code === 'NOT_FOUND' && /no such container/i.test(engineMessage)) {
    return new AppError('NOT_FOUND', `No container ${quoted} on this engine: it may have just been removed.`, details)
  }
  if (error.code === 'MUST_STOP_FIRST' || (action === 'remove' && /running container/i.test(engineMessage))) {
    return new AppError('MUST_STOP_FIRST', `${quoted} is running: stop it first, or force the removal (which kills it).`, details)
  }
  if (/is already in use by container "?([0-9a-f]{12})/i.test(engineMessage)) {
    const owner = /container "?([0-9a-f]{12})/i.exec(engineMessage)?.[1]
    return new AppError('CONFLICT', `The name ${quoted} is already used by container ${owner}: choose another name, or remove that container first.`, { ...details, field: 'name', owner })
  }
  if (/port is already allocated|address already in use/i.test(engineMessage)) {
    const port = /:(\d+) failed|port (\d+)/.exec(engineMessage)
    const which = port ? ` ${port[1] ?? port[2]}` : ''
    return new AppError('CONFLICT', `Host port${which} is already in use on the engine's host: choose another host port, or leave it empty for any free port.`, { ...details, field: 'ports' })
  }
  if (/no command specified/i.test(engineMessage)) {
    return new AppError('INVALID_INPUT', `The image ${context.image ?? ''} has no default command: type a command to run (for example sh -c "sleep 3600").`.replace('  ', ' '), { ...details, field: 'command' })
  }
  if (/executable file not found|no such file or directory": unknown/i.test(engineMessage)) {
    const exe = /exec: "([^"]+)"/.exec(engineMessage)?.[1]
    return new AppError('INVALID_INPUT', `The command${exe ? ` ${exe}` : ''} was not found in the image: check the command and entrypoint.`, { ...details, field: 'command' })
  }
  if (/minimum memory limit/i.test(engineMessage)) {
    return new AppError('INVALID_INPUT', 'The memory limit is too small: the engine needs at least 6m.', { ...details, field: 'memory' })
  }
  if (/is not running/i.test(engineMessage)) {
    return new AppError('CONFLICT', `${quoted} is not running: start it first.`, details)
  }
  if (/is not paused/i.test(engineMessage)) {
    return new AppError('CONFLICT', `${quoted} is not paused.`, details)
  }
  if (/is already paused/i.test(engineMessage)) {
    return new AppError('CONFLICT', `${quoted} is already paused.`, details)
  }
  if (/is paused/i.test(engineMessage)) {
    return new AppError('CONFLICT', `${quoted} is paused: unpause it first.`, details)
  }
  return error
}
