import { createJsonLogger, defineService, startServer, type Logger, type RunningServer } from '@vprog/grpc-kit';
import { distill } from '@vprog/proto-ts';
import { openTraceStore, type TraceStore } from '@vprog/trace-store';
import { cancelRunHandler } from './cancel-run-handler';
import type { CoordinatorConfig } from './config';
import { getRunHandler } from './get-run-handler';
import { createClientPool } from './module-clients';
import { createRunManager } from './run-manager';
import { openRunStore, type RunStore } from './run-store';
import { startRunHandler } from './start-run-handler';
import { watchRunHandler } from './watch-run-handler';

/** Options of {@link startCoordinatorServer}. */
export interface CoordinatorServerOptions {
  /** Defaults to JSON lines on stderr with `service: distill-coordinator`. */
  readonly logger?: Logger;
  /** Resume PENDING and RUNNING runs at start; default true. */
  readonly resume?: boolean;
}

/** A serving coordinator. */
export interface RunningCoordinator {
  /** `host:port` to dial (the real port when the config asked for 0). */
  readonly address: string;
  readonly server: RunningServer;
  readonly store: RunStore;
  /** Stops the runs (they stay RUNNING and resume on the next start), drains calls, closes the stores. Idempotent. */
  shutdown(graceMs?: number): Promise<void>;
}

/**
 * Starts the CoordinatorService (`StartRun`, `WatchRun`, `GetRun`, `CancelRun`) with health and
 * reflection, opens its SQLite state and resumes every run a previous process left unfinished.
 * The runner's trace store is opened read-only when a run first collects.
 * @throws VprogError UNAVAILABLE when the port cannot be bound; SqliteError when the state
 *   database cannot be opened.
 */
export async function startCoordinatorServer(config: CoordinatorConfig, options: CoordinatorServerOptions = {}): Promise<RunningCoordinator> {
  const logger = options.logger ?? createJsonLogger({ base: { service: 'distill-coordinator' } });
  const store = openRunStore(config.dbPath);
  const clients = createClientPool(config);
  let traces: TraceStore | undefined;
  const openTraces = () => (traces ??= openTraceStore({ path: config.trace.path, blobDir: config.trace.blobDir, readonly: true }));
  const manager = createRunManager({ store, config, clients, traces: openTraces, logger });
  let server: RunningServer;
  try {
    const service = defineService(distill.CoordinatorServiceService, {
      startRun: startRunHandler({ config, store, clients, manager }),
      watchRun: watchRunHandler(store),
      getRun: getRunHandler(store),
      cancelRun: cancelRunHandler(store, manager),
    });
    server = await startServer(config.server, [service], { logger });
  } catch (error) {
    clients.close();
    store.close();
    throw error;
  }
  if (options.resume !== false) manager.resumeAll();
  server.health.setServing();
  let closing: Promise<void> | undefined;
  return {
    address: server.address,
    server,
    store,
    shutdown(graceMs) {
      closing ??= (async () => {
        await manager.stop();
        await server.shutdown(graceMs);
        clients.close();
        await traces?.close();
        store.close();
      })();
      return closing;
    },
  };
}
