import { join, resolve } from 'node:path';
import { z } from 'zod';
import { invalidArgument } from '@vprog/grpc-kit';
import { DISTILL_DEFAULTS } from '../distill/distill-options';

/** Where one service reads its environment: the key prefix and its default ports. */
export interface ServiceEnvSpec {
  /** e.g. `VPROG_LOC` or `VPROG_LOC_TEACHER`; keys are `<prefix>_PORT`, `<prefix>_MODELS_ROOT`... */
  readonly prefix: string;
  readonly defaultPort: number;
  readonly defaultMetricsPort: number;
}

/** The committed default zoo, the registry's first-run seed. */
export const DEFAULT_SEED_DIR = join(__dirname, '..', '..', '..', '..', 'models');
/** The registry root when none is configured, relative to the working directory. */
export const DEFAULT_MODELS_ROOT = '.vprog/models';

const unset = (value: unknown): unknown => (value === '' ? undefined : value);
/** An environment value: an empty string counts as unset, so the default applies. */
const env = <T extends z.ZodType>(schema: T) => z.preprocess(unset, schema);
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);
const text = () => z.string().min(1);
const bool = () => z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((v) => v === 'true' || v === '1' || v === 'yes');
const portOrOff = () => z.union([z.literal('off'), z.coerce.number().int().min(0).max(65535)]);

/**
 * The zod schema of a module service's environment, keys without their prefix. Every value is a
 * string in the environment; the schema turns them into numbers and booleans and fills in the
 * defaults (one place for all of them).
 */
export function serviceEnvSchema(spec: ServiceEnvSpec) {
  return z.object({
    HOST: env(text().default('0.0.0.0')),
    PORT: env(int(0, 65535).default(spec.defaultPort)),
    MODELS_ROOT: env(text().default(DEFAULT_MODELS_ROOT)),
    SEED_FROM: env(text().default(DEFAULT_SEED_DIR)),
    MAX_BATCH_SIZE: env(int(1, 1024).default(8)),
    MAX_QUEUE_DELAY_MS: env(num(0, 60_000).default(2)),
    QUEUE_CAPACITY: env(int(1, 1_000_000).default(256)),
    MAX_PIXELS: env(int(1, 268_435_456).default(2048 * 2048)),
    METRICS_HOST: env(text().default('0.0.0.0')),
    METRICS_PORT: env(portOrOff().default(spec.defaultMetricsPort)),
    EXECUTION_PROVIDER: env(z.enum(['cpu', 'cuda']).default('cpu')),
    WORKERS: env(int(1, 64).default(1)),
    THREADS: env(int(1, 256).default(1)),
    SHUTDOWN_GRACE_MS: env(int(0, 600_000).default(10_000)),
    REQUEST_LOG: env(bool().default(true)),
    GOLDEN_TOLERANCE: env(num(0, 1).default(1e-3)),
    MAX_CANDIDATES: env(int(1, 16).default(2)),
    DISTILL_MAX_EXAMPLES: env(int(1, 10_000_000).default(DISTILL_DEFAULTS.maxExamples)),
    DISTILL_FEATURE_CACHE_MB: env(int(0, 65_536).default(DISTILL_DEFAULTS.featureCacheBytes / (1024 * 1024))),
    ADMIN_TOKEN: env(text().optional()),
  });
}

/** A module service's validated configuration. */
export interface ModuleServiceConfig {
  /** The grpc-kit server settings. */
  readonly server: { readonly host: string; readonly port: number; readonly shutdownGraceMs: number; readonly requestLog: boolean };
  /** The registry root (absolute). */
  readonly modelsRoot: string;
  /** The zoo copied into an empty registry on first run; undefined (`off`) to never seed. */
  readonly seedFrom: string | undefined;
  readonly batching: { readonly maxBatchSize: number; readonly maxQueueDelayMs: number; readonly queueCapacity: number };
  /** The largest image (width × height) accepted. */
  readonly maxPixels: number;
  /** The Prometheus endpoint; undefined when turned off. */
  readonly metrics: { readonly host: string; readonly port: number } | undefined;
  /** Options for `@vprog/onnx-runtime`'s `loadModel`. */
  readonly runtime: { readonly executionProvider: 'cpu' | 'cuda'; readonly poolSize: number; readonly intraOpNumThreads: number };
  readonly goldenTolerance: number;
  readonly maxLoadedCandidates: number;
  /** Distill limits; {@link DISTILL_DEFAULTS} when absent. */
  readonly distill?: { readonly maxExamples: number; readonly featureCacheBytes: number };
  /**
   * When set, ModelService's Distill, Activate, Rollback and Discard need `authorization: Bearer
   * <token>` (`<PREFIX>_ADMIN_TOKEN`); undefined: auth is off.
   */
  readonly adminToken?: string;
}

/** The environment a service reads (an injected `process.env`). */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses a service's configuration from the environment, once, at startup.
 * @throws VprogError INVALID_ARGUMENT whose message lists every bad key with what is wrong, e.g.
 *   `VPROG_LOC_PORT: Too big: expected number to be <=65535`; one field violation per key.
 */
export function parseServiceEnv(spec: ServiceEnvSpec, env: Env): ModuleServiceConfig {
  const local: Record<string, string | undefined> = {};
  const schema = serviceEnvSchema(spec);
  for (const key of Object.keys(schema.shape)) local[key] = env[`${spec.prefix}_${key}`];
  const parsed = schema.safeParse(local);
  if (!parsed.success) {
    const violations = parsed.error.issues.map((issue) => ({
      field: `${spec.prefix}_${issue.path.map(String).join('.')}`,
      description: `${issue.message}${local[String(issue.path[0])] !== undefined ? ` (got ${JSON.stringify(local[String(issue.path[0])])})` : ''}`,
    }));
    throw invalidArgument(`invalid configuration:\n${violations.map((v) => `  ${v.field}: ${v.description}`).join('\n')}`, violations);
  }
  const c = parsed.data;
  return {
    server: { host: c.HOST, port: c.PORT, shutdownGraceMs: c.SHUTDOWN_GRACE_MS, requestLog: c.REQUEST_LOG },
    modelsRoot: resolve(c.MODELS_ROOT),
    seedFrom: c.SEED_FROM === 'off' ? undefined : resolve(c.SEED_FROM),
    batching: { maxBatchSize: c.MAX_BATCH_SIZE, maxQueueDelayMs: c.MAX_QUEUE_DELAY_MS, queueCapacity: c.QUEUE_CAPACITY },
    maxPixels: c.MAX_PIXELS,
    metrics: c.METRICS_PORT === 'off' ? undefined : { host: c.METRICS_HOST, port: c.METRICS_PORT },
    runtime: { executionProvider: c.EXECUTION_PROVIDER, poolSize: c.WORKERS, intraOpNumThreads: c.THREADS },
    goldenTolerance: c.GOLDEN_TOLERANCE,
    maxLoadedCandidates: c.MAX_CANDIDATES,
    distill: { maxExamples: c.DISTILL_MAX_EXAMPLES, featureCacheBytes: c.DISTILL_FEATURE_CACHE_MB * 1024 * 1024 },
    ...(c.ADMIN_TOKEN !== undefined ? { adminToken: c.ADMIN_TOKEN } : {}),
  };
}

/** Every key a service reads, for READMEs and `--help` texts. */
export function serviceEnvKeys(spec: ServiceEnvSpec): string[] {
  return Object.keys(serviceEnvSchema(spec).shape).map((key) => `${spec.prefix}_${key}`);
}
