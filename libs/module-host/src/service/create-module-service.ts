import { adminAuthInterceptor, createJsonLogger, startServer, type Logger, type RunningServer, type ServiceRegistration } from '@vprog/grpc-kit';
import { createRegistry, type Registry } from '@vprog/registry';
import { isAdminMethod, modelServiceRegistration } from '../admin/model-service';
import { DISTILL_DEFAULTS } from '../distill/distill-options';
import { createFeatureCache } from '../distill/feature-cache';
import type { ImageLimits } from '../edge/image-codec';
import { createModelHost, type ModelHost } from '../host/model-host';
import type { ModelLoader } from '../host/model-loader';
import type { ModuleDefinition } from '../host/module-definition';
import { metricsInterceptor } from '../metrics/metrics-interceptor';
import { startMetricsServer, type MetricsServer } from '../metrics/metrics-server';
import { createModuleMetrics, type ModuleMetrics } from '../metrics/module-metrics';
import type { ModuleServiceConfig } from './service-config';

/** What a service's module API handlers get besides the host. */
export interface ApiContext {
  readonly limits: ImageLimits;
}

/** Options of {@link createModuleService}. */
export interface ModuleServiceOptions<P, I, O> {
  /** The service's name, e.g. `loc` or `loc-teacher` (logs). */
  readonly name: string;
  readonly role: 'student' | 'teacher';
  readonly config: ModuleServiceConfig;
  readonly definition: ModuleDefinition<P, I, O>;
  /** Loads a version's graphs into workers (the service builds it on `@vprog/onnx-runtime`). */
  readonly loader: ModelLoader;
  /** The module API (e.g. `LocService`), built on the host; ModelService is added by the host. */
  readonly api: (host: ModelHost<P, I, O>, context: ApiContext) => readonly ServiceRegistration[];
  /** Defaults to JSON lines on stderr with `service: name`. */
  readonly logger?: Logger;
  /** An open model registry; by default one is opened at `config.modelsRoot`, seeded from `config.seedFrom`. */
  readonly registry?: Registry;
}

/** A module service that is listening; readiness is NOT_SERVING until {@link ModuleService.load}. */
export interface ModuleService<P, I, O> {
  readonly name: string;
  readonly host: ModelHost<P, I, O>;
  readonly metrics: ModuleMetrics;
  readonly server: RunningServer;
  /** The gRPC address to dial, e.g. `127.0.0.1:50051`. */
  readonly address: string;
  /** The Prometheus endpoint, when enabled. */
  readonly metricsUrl: string | undefined;
  /**
   * Loads and checks the active model version, then reports SERVING.
   * @throws the load or check failure (the service stays NOT_SERVING).
   */
  load(): Promise<void>;
  /** NOT_SERVING, drain in-flight calls (up to `graceMs`), retire the models, close the metrics endpoint. */
  shutdown(graceMs?: number): Promise<void>;
}

/**
 * Builds a module service or teacher sidecar: opens (and on first run seeds) the model registry,
 * creates the model host, and starts the gRPC server with the module API, `ModelService`, health
 * (NOT_SERVING until the active version is loaded and checked), reflection and the metrics
 * interceptor, plus the Prometheus endpoint. It does not load a model: call `load()` (so a test or
 * an orchestrator can watch readiness change).
 *
 * @throws RegistryError SEED_INVALID when the seed zoo is broken; VprogError INVALID_ARGUMENT for a
 *   bad server config, UNAVAILABLE when a port cannot be bound.
 */
export async function createModuleService<P, I, O>(options: ModuleServiceOptions<P, I, O>): Promise<ModuleService<P, I, O>> {
  const { config, definition, name, role } = options;
  const logger = options.logger ?? createJsonLogger({ base: { service: name } });
  const registry = options.registry ?? (await createRegistry({ root: config.modelsRoot, ...(config.seedFrom !== undefined ? { seedFrom: config.seedFrom } : {}) }));
  const metrics = createModuleMetrics({ module: definition.module, role });
  const host = createModelHost({
    repository: registry.model(definition.module, role),
    definition,
    loader: options.loader,
    // One batch more than there are workers: while each worker runs a batch, the next one is
    // pre-processed on the main thread and queued at a worker, so no worker waits for it
    // (bench/module-batching.ts: about 0.79 → 0.9 of in-process throughput for loc).
    batching: { ...config.batching, maxConcurrentBatches: config.runtime.poolSize + 1 },
    metrics,
    logger,
    goldenTolerance: config.goldenTolerance,
    maxLoadedCandidates: config.maxLoadedCandidates,
  });
  const limits = { maxPixels: config.maxPixels };
  const distill = config.distill ?? { maxExamples: DISTILL_DEFAULTS.maxExamples, featureCacheBytes: DISTILL_DEFAULTS.featureCacheBytes };
  const services = [
    ...options.api(host, { limits }),
    modelServiceRegistration(host, {
      loader: options.loader,
      limits,
      maxExamples: distill.maxExamples,
      cache: createFeatureCache(distill.featureCacheBytes),
      backboneBatchSize: config.batching.maxBatchSize,
    }),
  ];
  const admin = config.adminToken === undefined ? [] : [adminAuthInterceptor({ token: config.adminToken, isAdmin: isAdminMethod })];
  const server = await startServer(config.server, services, { logger, interceptors: [...admin, metricsInterceptor(metrics)] });
  host.onReadyChange((ready) => (ready ? server.health.setServing() : server.health.setNotServing()));
  let metricsServer: MetricsServer | undefined;
  try {
    metricsServer = config.metrics === undefined ? undefined : await startMetricsServer(metrics.registry, config.metrics);
  } catch (error) {
    server.forceShutdown();
    throw error;
  }
  let stopping: Promise<void> | undefined;
  return {
    name,
    host,
    metrics,
    server,
    address: server.address,
    metricsUrl: metricsServer?.url,
    load: () => host.start(),
    shutdown(graceMs) {
      stopping ??= (async () => {
        await server.shutdown(graceMs);
        await host.close();
        await metricsServer?.close();
      })();
      return stopping;
    },
  };
}
