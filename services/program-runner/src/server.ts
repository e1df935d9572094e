import { createJsonLogger, defineService, startServer, type Logger, type RunningServer } from '@vprog/grpc-kit';
import { runner } from '@vprog/proto-ts';
import { openTraceStore, type TraceStore } from '@vprog/trace-store';
import type { RunnerConfig } from './config';
import { executeHandler } from './execute-handler';
import { createRunnerGenerators } from './generators';
import { createModuleClients } from './module-clients';
import { parseHandler } from './parse-handler';
import type { RunnerDeps } from './run-program';

/** Options of {@link startRunnerServer}. */
export interface RunnerServerOptions {
  /** Defaults to JSON lines on stderr with `service: program-runner`. */
  readonly logger?: Logger;
}

/** A serving runner. */
export interface RunningRunner {
  /** `host:port` to dial (the real port when the config asked for 0). */
  readonly address: string;
  readonly server: RunningServer;
  /** The trace store the runner writes; undefined when tracing is off. */
  readonly store: TraceStore | undefined;
  /** Drains in-flight runs (up to `graceMs`), then closes the module channels and the trace store. Idempotent. */
  shutdown(graceMs?: number): Promise<void>;
}

/**
 * Starts the RunnerService (`Execute`, `Parse`) with health and reflection: opens the trace store
 * (creating it when missing), prepares the module clients and the program generators, and reports
 * SERVING. Module services are dialled lazily, per call, so the runner may start before them.
 * @throws VprogError UNAVAILABLE when the port cannot be bound; TraceStoreError when the store
 *   cannot be opened; GeneratorError GENERATOR_UNAVAILABLE for a malformed LLM base URL.
 */
export async function startRunnerServer(config: RunnerConfig, options: RunnerServerOptions = {}): Promise<RunningRunner> {
  const logger = options.logger ?? createJsonLogger({ base: { service: 'program-runner' } });
  const store =
    config.trace === undefined
      ? undefined
      : openTraceStore({
          path: config.trace.path,
          blobDir: config.trace.blobDir,
          retention: {
            ...(config.trace.maxRuns === undefined ? {} : { maxRuns: config.trace.maxRuns }),
            ...(config.trace.maxAgeMs === undefined ? {} : { maxAgeMs: config.trace.maxAgeMs }),
            ...(config.trace.maxBlobBytes === undefined ? {} : { maxBlobBytes: config.trace.maxBlobBytes }),
          },
        });
  const clients = createModuleClients();
  let server: RunningServer;
  try {
    const deps: RunnerDeps = { config, clients, generators: createRunnerGenerators(config), store, logger };
    const service = defineService(runner.RunnerServiceService, { execute: executeHandler(deps), parse: parseHandler() });
    server = await startServer(config.server, [service], { logger });
  } catch (error) {
    clients.close();
    await store?.close();
    throw error;
  }
  server.health.setServing();
  let closing: Promise<void> | undefined;
  return {
    address: server.address,
    server,
    store,
    shutdown(graceMs) {
      closing ??= (async () => {
        await server.shutdown(graceMs);
        clients.close();
        await store?.close();
      })();
      return closing;
    },
  };
}
