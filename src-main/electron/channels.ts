/** The one IPC channel a window invokes on; the contract channel travels as its first argument. */
export const INVOKE_IPC_CHANNEL = 'berth:invoke'
