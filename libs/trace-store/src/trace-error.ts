/**
 * The typed errors of `@vprog/trace-store`: plain data (`code`, `reason`, `message`, `metadata`)
 * carried on an `Error`, so the gRPC layer maps them to a `google.rpc.Status` by duck typing and
 * this domain library needs no transport dependency.
 */

/** The gRPC status codes this library uses. */
export type TraceStoreErrorCode =
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'INVALID_ARGUMENT'
  | 'UNAVAILABLE'
  | 'DATA_LOSS';

/** Every reason this library produces, with the code it belongs to (the code follows from the reason). */
export const TRACE_STORE_REASONS = {
  /** No run with that id (never recorded, or removed by retention). */
  RUN_NOT_FOUND: 'NOT_FOUND',
  /** A read-only store opened on a database file that does not exist. */
  STORE_NOT_FOUND: 'NOT_FOUND',
  /** A blob hash that is not in the store, or whose file is gone. */
  BLOB_NOT_FOUND: 'NOT_FOUND',
  /** `recordRun` with an id that is already taken. */
  RUN_EXISTS: 'ALREADY_EXISTS',
  /** A step with that index is already recorded for the run. */
  STEP_EXISTS: 'ALREADY_EXISTS',
  /** Steps or an outcome for a run that has already finished. */
  RUN_FINISHED: 'FAILED_PRECONDITION',
  /** The database was written by a newer version of this library. */
  SCHEMA_TOO_NEW: 'FAILED_PRECONDITION',
  /** A write on a store opened read-only, or any call after `close()`. */
  STORE_READ_ONLY: 'FAILED_PRECONDITION',
  STORE_CLOSED: 'FAILED_PRECONDITION',
  /** A malformed argument: bad options, run, step, hash, query or non-PNG bytes. */
  INVALID_REQUEST: 'INVALID_ARGUMENT',
  /** The database could not be opened or stayed locked past the busy timeout. */
  STORE_UNAVAILABLE: 'UNAVAILABLE',
  /** The database file is not a SQLite database or is damaged. */
  DATABASE_CORRUPT: 'DATA_LOSS',
  /** A blob file's bytes no longer hash to its name. */
  BLOB_CORRUPT: 'DATA_LOSS',
} as const satisfies Record<string, TraceStoreErrorCode>;

/** One of the UPPER_SNAKE reasons in {@link TRACE_STORE_REASONS}. */
export type TraceStoreErrorReason = keyof typeof TRACE_STORE_REASONS;

/** The plain data of a {@link TraceStoreError}. */
export interface TraceStoreErrorData {
  readonly code: TraceStoreErrorCode;
  readonly reason: TraceStoreErrorReason;
  readonly message: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** An error of this library; check with {@link isTraceStoreError}, never `instanceof`. */
export interface TraceStoreError extends Error {
  readonly code: TraceStoreErrorCode;
  readonly reason: TraceStoreErrorReason;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Creates a {@link TraceStoreError}; the gRPC code follows from the reason, so a reason never
 * travels with the wrong code. Throws nothing.
 */
export function traceStoreError(
  reason: TraceStoreErrorReason,
  message: string,
  metadata: Record<string, string> = {},
  cause?: unknown,
): TraceStoreError {
  const error = new Error(message, cause === undefined ? undefined : { cause }) as Error & {
    -readonly [K in keyof TraceStoreErrorData]: TraceStoreErrorData[K];
  };
  error.name = 'TraceStoreError';
  error.code = TRACE_STORE_REASONS[reason];
  error.reason = reason;
  error.metadata = metadata;
  return error;
}

/** True when `value` has the shape of an error of this library (duck-typed, so plain copies pass too). */
export function isTraceStoreError(value: unknown): value is TraceStoreErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<TraceStoreErrorData>;
  return (
    typeof candidate.reason === 'string' &&
    Object.prototype.hasOwnProperty.call(TRACE_STORE_REASONS, candidate.reason) &&
    candidate.code === TRACE_STORE_REASONS[candidate.reason as TraceStoreErrorReason] &&
    typeof candidate.message === 'string'
  );
}

/** Shorthand for an INVALID_REQUEST error. Throws nothing; returns the error. */
export function invalidRequest(message: string, metadata: Record<string, string> = {}): TraceStoreError {
  return traceStoreError('INVALID_REQUEST', message, metadata);
}
