/**
 * The program-runner process: configuration from the environment, then serve until SIGTERM/SIGINT.
 * Start with the telemetry preload so gRPC spans join the run and step spans:
 * `node --require tsx/cjs --require ./libs/telemetry/src/register.ts services/program-runner/src/main.ts`.
 */
import { announceReady, createJsonLogger, installShutdown, isVprogError } from '@vprog/grpc-kit';
import { flushTelemetry } from '@vprog/telemetry';
import { parseRunnerConfig } from './config';
import { startRunnerServer } from './server';

async function main(): Promise<void> {
  const logger = createJsonLogger({ base: { service: 'program-runner' } });
  const config = parseRunnerConfig(process.env);
  const runner = await startRunnerServer(config, { logger });
  installShutdown({ shutdown: (graceMs) => runner.shutdown(graceMs), forceShutdown: () => runner.server.forceShutdown() }, { logger, onShutdown: [flushTelemetry] });
  logger.log('info', 'service ready', { address: runner.address, traceStore: config.trace?.path ?? 'off' });
  announceReady('program-runner', runner.address);
}

main().catch((error: unknown) => {
  const detail = isVprogError(error) ? `[${error.code}/${error.reason}] ${error.message}` : error instanceof Error ? error.message : String(error);
  process.stderr.write(`program-runner: cannot start: ${detail}\n`);
  process.exit(1);
});
