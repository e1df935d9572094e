import { VprogError, type FieldViolation } from './vprog-error';

/** Optional parts of an error that every factory accepts. */
export interface ErrorOptions {
  /** A more specific UPPER_SNAKE reason than the code's default. */
  readonly reason?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  /** The underlying failure; logged, never sent. */
  readonly cause?: unknown;
}

/**
 * The request is malformed: `INVALID_ARGUMENT` / `BAD_REQUEST`, with one violation per bad field
 * so clients (and forms) can point at the field.
 */
export function invalidArgument(message: string, fieldViolations: readonly FieldViolation[] = [], options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'INVALID_ARGUMENT', message, fieldViolations, ...options });
}

/** Something the request names does not exist: `NOT_FOUND`. */
export function notFound(message: string, options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'NOT_FOUND', message, ...options });
}

/** A model (or one version of it) is not in the repository: `NOT_FOUND` / `MODEL_NOT_FOUND`. */
export function modelNotFound(model: string, version?: string, options: Omit<ErrorOptions, 'reason'> = {}): VprogError {
  const name = version === undefined ? model : `${model}@${version}`;
  const metadata = { model, ...(version === undefined ? {} : { version }), ...(options.metadata ?? {}) };
  return new VprogError({ code: 'NOT_FOUND', reason: 'MODEL_NOT_FOUND', message: `model ${name} not found`, ...options, metadata });
}

/** The thing to be created is there already: `ALREADY_EXISTS`. */
export function alreadyExists(message: string, options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'ALREADY_EXISTS', message, ...options });
}

/** The caller is known but may not do this: `PERMISSION_DENIED`. */
export function permissionDenied(message: string, options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'PERMISSION_DENIED', message, ...options });
}

/** The caller did not prove who it is: `UNAUTHENTICATED`. */
export function unauthenticated(message: string, options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'UNAUTHENTICATED', message, ...options });
}

/** The system is not in a state that allows this call (retrying as-is will not help): `FAILED_PRECONDITION`. */
export function failedPrecondition(message: string, options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'FAILED_PRECONDITION', message, ...options });
}

/** A concurrency conflict; retry the whole read-modify-write: `ABORTED`. */
export function aborted(message: string, options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'ABORTED', message, ...options });
}

/** A value is past the valid range (e.g. reading past the end): `OUT_OF_RANGE`. */
export function outOfRange(message: string, options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'OUT_OF_RANGE', message, ...options });
}

/** A quota or capacity is used up: `RESOURCE_EXHAUSTED`. */
export function resourceExhausted(message: string, options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'RESOURCE_EXHAUSTED', message, ...options });
}

/** The bounded request queue is full, the request was rejected: `RESOURCE_EXHAUSTED` / `QUEUE_FULL`. */
export function queueFull(message = 'request queue is full', options: Omit<ErrorOptions, 'reason'> = {}): VprogError {
  return new VprogError({ code: 'RESOURCE_EXHAUSTED', reason: 'QUEUE_FULL', message, ...options });
}

/** The call's deadline passed before it finished: `DEADLINE_EXCEEDED`. */
export function deadlineExceeded(message = 'deadline exceeded', options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'DEADLINE_EXCEEDED', message, ...options });
}

/** The caller cancelled the call: `CANCELLED`. */
export function cancelled(message = 'call cancelled', options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'CANCELLED', message, ...options });
}

/** The service cannot take the call now; a retry with backoff may succeed: `UNAVAILABLE`. */
export function unavailable(message: string, options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'UNAVAILABLE', message, ...options });
}

/** The method exists in the contract but this server does not implement it: `UNIMPLEMENTED`. */
export function unimplemented(message: string, options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'UNIMPLEMENTED', message, ...options });
}

/** A bug or broken invariant on the server: `INTERNAL`. The message reaches the client; keep it generic. */
export function internal(message = 'internal error', options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'INTERNAL', message, ...options });
}

/** Unrecoverable data loss or corruption: `DATA_LOSS`. */
export function dataLoss(message: string, options: ErrorOptions = {}): VprogError {
  return new VprogError({ code: 'DATA_LOSS', message, ...options });
}
