import { announceReady, createJsonLogger, installShutdown, isDomainErrorLike, isVprogError, toVprogError, type Logger } from '@vprog/grpc-kit';
import { flushTelemetry } from '@vprog/telemetry';
import type { ModuleService } from './create-module-service';

/**
 * The body of every service's `main.ts`: builds the service (config errors are printed as a
 * readable list and exit 1), loads and checks the active model (a failure exits 1 — a service that
 * cannot serve its model should not pretend to be alive), installs graceful shutdown on
 * SIGTERM/SIGINT (drain, retire the models, flush telemetry, exit 0), logs one `service ready`
 * line, and — when started with an IPC channel, as `vprog up` does — tells its parent the address
 * it bound (`announceReady`; the program runner and the coordinator send the same).
 */
export async function runModuleService<P, I, O>(name: string, create: () => Promise<ModuleService<P, I, O>>, logger: Logger = createJsonLogger({ base: { service: name } })): Promise<void> {
  let service: ModuleService<P, I, O>;
  try {
    service = await create();
  } catch (error) {
    fail(name, 'cannot start', error);
    return;
  }
  installShutdown(
    { shutdown: (graceMs) => service.shutdown(graceMs), forceShutdown: () => service.server.forceShutdown() },
    { logger, onShutdown: [flushTelemetry] },
  );
  try {
    await service.load();
  } catch (error) {
    await service.shutdown(0).catch(() => undefined);
    fail(name, 'cannot load its model', error);
    return;
  }
  logger.log('info', 'service ready', { address: service.address, metricsUrl: service.metricsUrl, version: service.host.activeVersion });
  announceReady(name, service.address);
}

function fail(name: string, what: string, error: unknown): void {
  const typed = isVprogError(error) || isDomainErrorLike(error) ? toVprogError(error) : undefined;
  const detail = typed?.message ?? (error instanceof Error ? error.message : String(error));
  const reason = typed === undefined ? '' : ` [${typed.code}/${typed.reason}]`;
  process.stderr.write(`${name}: ${what}${reason}: ${detail}\n`);
  process.exit(1);
}
