/**
 * What a service process tells the process that started it, over an IPC channel, once it serves
 * (its server bound and, for a module service, its model loaded and checked): its name and the
 * address it bound, which is the only way to learn the port when it was asked to bind port 0.
 */
export interface ServiceReadyMessage {
  readonly type: 'vprog.service.ready';
  readonly name: string;
  readonly address: string;
}

/** Sends {@link ServiceReadyMessage} to the parent; does nothing without an IPC channel. Throws nothing. */
export function announceReady(name: string, address: string): void {
  const message: ServiceReadyMessage = { type: 'vprog.service.ready', name, address };
  process.send?.(message);
}

/** Whether an IPC message is a {@link ServiceReadyMessage}. Throws nothing. */
export function isServiceReadyMessage(message: unknown): message is ServiceReadyMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Partial<Record<keyof ServiceReadyMessage, unknown>>;
  return m.type === 'vprog.service.ready' && typeof m.name === 'string' && typeof m.address === 'string';
}
