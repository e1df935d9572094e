import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BatcherObserver } from '../batching/dynamic-batcher';

/** The identity every metric of a module service is labelled with. */
export interface MetricsIdentity {
  /** `loc`, `vqa`, `facedet`, `classify`. */
  readonly module: string;
  /** `student` or `teacher`. */
  readonly role: string;
}

/**
 * The Prometheus metrics of one module service, in a registry of its own (never prom-client's
 * global one, so several services in one process or one test keep their numbers apart).
 */
export interface ModuleMetrics {
  /** The registry to expose (see `startMetricsServer`). */
  readonly registry: Registry;
  /** Counts one finished RPC, and a failure by its reason when it failed. */
  recordCall(method: string, failureReason?: string): void;
  /** The batcher hooks of one loaded version: queue time, compute time, batch sizes, drops, depth. */
  batcherObserver(version: string): BatcherObserver;
  /** Marks `version` as the active one (gauge 1 with a `version` label; the others are removed). */
  setActiveVersion(version: string | undefined): void;
  /** Records the outcome of loading and checking a version. */
  recordLoad(version: string, ok: boolean, seconds: number): void;
}

/** Metric names, shared by the docs, the dashboards and the tests. */
export const METRIC_NAMES = {
  requests: 'vprog_module_requests_total',
  failures: 'vprog_module_failures_total',
  queueSeconds: 'vprog_module_queue_seconds',
  computeSeconds: 'vprog_module_compute_seconds',
  batchSize: 'vprog_module_batch_size',
  queueDepth: 'vprog_module_queue_depth',
  queueDrops: 'vprog_module_queue_drops_total',
  activeVersion: 'vprog_module_active_version',
  loads: 'vprog_module_version_loads_total',
  loadSeconds: 'vprog_module_version_load_seconds',
} as const;

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 128];

/**
 * Creates the metrics of one module service: requests and failures by reason (per RPC method),
 * queue and compute time histograms, the batch size histogram, queue depth and drops, the active
 * version, and version loads. Default process metrics are not collected here (a service may add
 * them to `registry` itself).
 */
export function createModuleMetrics(identity: MetricsIdentity): ModuleMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ module: identity.module, role: identity.role });
  const registers = [registry];
  const requests = new Counter({ name: METRIC_NAMES.requests, help: 'RPCs served, by method.', labelNames: ['method'], registers });
  const failures = new Counter({ name: METRIC_NAMES.failures, help: 'Failed RPCs, by method and reason.', labelNames: ['method', 'reason'], registers });
  const queueSeconds = new Histogram({ name: METRIC_NAMES.queueSeconds, help: 'Time requests waited in the batching queue.', labelNames: ['version'], buckets: LATENCY_BUCKETS, registers });
  const computeSeconds = new Histogram({ name: METRIC_NAMES.computeSeconds, help: 'Time one batch took to run (preprocessing, model, decoding).', labelNames: ['version'], buckets: LATENCY_BUCKETS, registers });
  const batchSize = new Histogram({ name: METRIC_NAMES.batchSize, help: 'Requests per batch.', labelNames: ['version'], buckets: BATCH_BUCKETS, registers });
  const queueDepth = new Gauge({ name: METRIC_NAMES.queueDepth, help: 'Requests waiting in the batching queue.', labelNames: ['version'], registers });
  const queueDrops = new Counter({ name: METRIC_NAMES.queueDrops, help: 'Requests that left the queue without running, by reason.', labelNames: ['reason'], registers });
  const activeVersion = new Gauge({ name: METRIC_NAMES.activeVersion, help: '1 for the model version that answers requests by default.', labelNames: ['version'], registers });
  const loads = new Counter({ name: METRIC_NAMES.loads, help: 'Model versions loaded and checked, by outcome.', labelNames: ['outcome'], registers });
  const loadSeconds = new Histogram({ name: METRIC_NAMES.loadSeconds, help: 'Time to load and check a model version.', buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60], registers });

  return {
    registry,
    recordCall(method, failureReason) {
      requests.inc({ method });
      if (failureReason !== undefined) failures.inc({ method, reason: failureReason });
    },
    batcherObserver(version) {
      return {
        onDequeue: (queuedMs) => queueSeconds.observe({ version }, queuedMs / 1000),
        onBatch: (size, computeMs) => {
          batchSize.observe({ version }, size);
          computeSeconds.observe({ version }, computeMs / 1000);
        },
        onDrop: (reason) => queueDrops.inc({ reason }),
        onDepth: (depth) => queueDepth.set({ version }, depth),
      };
    },
    setActiveVersion(version) {
      activeVersion.reset();
      if (version !== undefined) activeVersion.set({ version }, 1);
    },
    recordLoad(_version, ok, seconds) {
      loads.inc({ outcome: ok ? 'ok' : 'failed' });
      loadSeconds.observe(seconds);
    },
  };
}
