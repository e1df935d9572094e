import { resolve } from 'node:path';
import { invalidRequest } from './trace-error';

/** Limits that {@link TraceStore.enforceRetention} keeps the store within (each optional). */
export interface RetentionOptions {
  /** Keep at most this many runs. */
  readonly maxRuns?: number;
  /** Remove runs older than this. */
  readonly maxAgeMs?: number;
  /** Keep the blob folder at most this large (bytes of stored images). */
  readonly maxBlobBytes?: number;
  /** `finishRun` enforces the limits after every this many finished runs (default 50). */
  readonly everyRuns?: number;
  /**
   * Blobs that no run references are removed only once untouched this long (default 60 s), so a
   * blob stored just before its run is recorded is never lost.
   */
  readonly orphanGraceMs?: number;
}

/** Options of {@link openTraceStore}. */
export interface TraceStoreOptions {
  /** The SQLite file; its folder is created when missing. */
  readonly path: string;
  /** The content-addressed image folder; created when missing. */
  readonly blobDir: string;
  readonly retention?: RetentionOptions;
  /** Open for reading only (e.g. the distillation coordinator beside a running runner). */
  readonly readonly?: boolean;
  /** How long a statement waits for another process's write lock (default 5000 ms). */
  readonly busyTimeoutMs?: number;
  /** The clock, in ms since the epoch (tests inject one). */
  readonly now?: () => number;
}

/** {@link TraceStoreOptions} with every default filled in. */
export interface ResolvedOptions {
  readonly path: string;
  readonly blobDir: string;
  readonly readonly: boolean;
  readonly busyTimeoutMs: number;
  readonly now: () => number;
  readonly retention: {
    readonly maxRuns?: number;
    readonly maxAgeMs?: number;
    readonly maxBlobBytes?: number;
    readonly everyRuns: number;
    readonly orphanGraceMs: number;
  };
}

function limit(name: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || !Number.isInteger(value) || value < min) {
    throw invalidRequest(`${name} must be an integer ≥ ${min}, got ${String(value)}`, { field: name });
  }
  return value;
}

/**
 * Fills in defaults and checks limits, in one place.
 * @throws TraceStoreError INVALID_REQUEST for an empty path or a limit that is not a non-negative integer.
 */
export function resolveOptions(options: TraceStoreOptions): ResolvedOptions {
  if (typeof options.path !== 'string' || options.path === '') throw invalidRequest('path is required', { field: 'path' });
  if (typeof options.blobDir !== 'string' || options.blobDir === '') throw invalidRequest('blobDir is required', { field: 'blobDir' });
  const retention = options.retention ?? {};
  return {
    path: resolve(options.path),
    blobDir: resolve(options.blobDir),
    readonly: options.readonly ?? false,
    busyTimeoutMs: limit('busyTimeoutMs', options.busyTimeoutMs, 0) ?? 5000,
    now: options.now ?? Date.now,
    retention: {
      maxRuns: limit('retention.maxRuns', retention.maxRuns, 0),
      maxAgeMs: limit('retention.maxAgeMs', retention.maxAgeMs, 0),
      maxBlobBytes: limit('retention.maxBlobBytes', retention.maxBlobBytes, 0),
      everyRuns: limit('retention.everyRuns', retention.everyRuns, 1) ?? 50,
      orphanGraceMs: limit('retention.orphanGraceMs', retention.orphanGraceMs, 0) ?? 60_000,
    },
  };
}
