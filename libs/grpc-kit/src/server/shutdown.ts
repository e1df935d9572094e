import type { Logger } from '../logging/logger';
import { silentLogger } from '../logging/logger';

/** What {@link installShutdown} needs from a server: the graceful shutdown of `RunningServer`. */
export interface ShutdownTarget {
  shutdown(graceMs?: number): Promise<void>;
  forceShutdown(): void;
}

/** Options of {@link installShutdown}. */
export interface InstallShutdownOptions {
  /** Grace period for in-flight calls; defaults to the server's configured `shutdownGraceMs`. */
  readonly graceMs?: number;
  /** Signals to handle; defaults to SIGTERM and SIGINT. */
  readonly signals?: readonly NodeJS.Signals[];
  /** Work to do after the server stopped (close model workers, flush telemetry); errors are logged. */
  readonly onShutdown?: readonly (() => Promise<void> | void)[];
  /** Exit the process when done (code 0, or 1 if a hook failed); defaults to true. */
  readonly exit?: boolean;
  readonly logger?: Logger;
}

/**
 * Makes SIGTERM/SIGINT shut the server down gracefully: health goes NOT_SERVING, new calls are
 * refused, in-flight calls drain for the grace period, then the rest are cancelled; the hooks
 * run and the process exits. A second signal during the drain forces the shutdown at once.
 *
 * @returns a function that removes the signal handlers again (for tests).
 */
export function installShutdown(server: ShutdownTarget, options: InstallShutdownOptions = {}): () => void {
  const logger = options.logger ?? silentLogger;
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  let draining = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (draining) {
      logger.log('warn', 'second signal: forcing shutdown', { signal });
      server.forceShutdown();
      return;
    }
    draining = true;
    logger.log('info', 'shutting down', { signal });
    void drain(server, options, logger);
  };
  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}

async function drain(server: ShutdownTarget, options: InstallShutdownOptions, logger: Logger): Promise<void> {
  let failed = false;
  try {
    await server.shutdown(options.graceMs);
  } catch (error) {
    failed = true;
    logger.log('error', 'server shutdown failed', { error: String(error) });
  }
  for (const hook of options.onShutdown ?? []) {
    try {
      await hook();
    } catch (error) {
      failed = true;
      logger.log('error', 'shutdown hook failed', { error: String(error) });
    }
  }
  logger.log('info', 'shutdown complete', { ok: !failed });
  if (options.exit ?? true) process.exit(failed ? 1 : 0);
}
