/**
 * The distill-coordinator process: configuration from the environment, then serve (resuming
 * unfinished runs) until SIGTERM/SIGINT. Start with the telemetry preload:
 * `node --require tsx/cjs --require ./libs/telemetry/src/register.ts services/distill-coordinator/src/main.ts`.
 */
import { announceReady, createJsonLogger, installShutdown, isVprogError } from '@vprog/grpc-kit';
import { flushTelemetry } from '@vprog/telemetry';
import { parseCoordinatorConfig } from './config';
import { startCoordinatorServer } from './server';

async function main(): Promise<void> {
  const logger = createJsonLogger({ base: { service: 'distill-coordinator' } });
  const config = parseCoordinatorConfig(process.env);
  const coordinator = await startCoordinatorServer(config, { logger });
  installShutdown({ shutdown: (graceMs) => coordinator.shutdown(graceMs), forceShutdown: () => coordinator.server.forceShutdown() }, { logger, onShutdown: [flushTelemetry] });
  logger.log('info', 'service ready', { address: coordinator.address, db: config.dbPath, runner: config.runnerAddress ?? 'unset' });
  announceReady('distill-coordinator', coordinator.address);
}

main().catch((error: unknown) => {
  const detail = isVprogError(error) ? `[${error.code}/${error.reason}] ${error.message}` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`distill-coordinator: cannot start: ${detail}\n`);
  process.exit(1);
});
