/**
 * The typed errors of the runtime. They are plain data (`code`, `reason`, `message`, `metadata`) on
 * top of `Error`, so that grpc-kit can map them to a `google.rpc.Status` by duck typing, and so that
 * they survive a trip through `postMessage` from a worker thread.
 */

/** gRPC status codes this library uses. */
export type RuntimeErrorCode = 'NOT_FOUND' | 'FAILED_PRECONDITION' | 'UNAVAILABLE' | 'INVALID_ARGUMENT' | 'INTERNAL';

/**
 * Why a runtime call failed:
 * - `MODEL_FILE_MISSING` (NOT_FOUND): an ONNX file named by the model spec does not exist.
 * - `MODEL_FILE_CORRUPT` (FAILED_PRECONDITION): the file exists but onnxruntime cannot load it, or
 *   its sha256 differs from the manifest.
 * - `WORKER_CRASHED` (UNAVAILABLE): the worker running the request died; safe to retry.
 * - `RUNTIME_CLOSED` (UNAVAILABLE): the model was closed before or while the request ran.
 * - `INFERENCE_FAILED` (INVALID_ARGUMENT): onnxruntime rejected the feeds (wrong name, shape, type).
 * - `BATCH_MISMATCH` (INVALID_ARGUMENT): requests to be batched together do not line up.
 */
export type RuntimeErrorReason =
  | 'MODEL_FILE_MISSING'
  | 'MODEL_FILE_CORRUPT'
  | 'WORKER_CRASHED'
  | 'RUNTIME_CLOSED'
  | 'INFERENCE_FAILED'
  | 'BATCH_MISMATCH';

/** An error raised by `@vprog/onnx-runtime`; check with {@link isRuntimeError}, never `instanceof`. */
export interface RuntimeError extends Error {
  readonly code: RuntimeErrorCode;
  readonly reason: RuntimeErrorReason;
  readonly metadata: Readonly<Record<string, string>>;
}

/** The serialisable part of a {@link RuntimeError}, as it travels between threads. */
export interface RuntimeErrorData {
  readonly code: RuntimeErrorCode;
  readonly reason: RuntimeErrorReason;
  readonly message: string;
  readonly metadata: Readonly<Record<string, string>>;
}

const CODES: Record<RuntimeErrorReason, RuntimeErrorCode> = {
  MODEL_FILE_MISSING: 'NOT_FOUND',
  MODEL_FILE_CORRUPT: 'FAILED_PRECONDITION',
  WORKER_CRASHED: 'UNAVAILABLE',
  RUNTIME_CLOSED: 'UNAVAILABLE',
  INFERENCE_FAILED: 'INVALID_ARGUMENT',
  BATCH_MISMATCH: 'INVALID_ARGUMENT',
};

/** Creates a {@link RuntimeError}; the gRPC code follows from the reason. */
export function runtimeError(
  reason: RuntimeErrorReason,
  message: string,
  metadata: Record<string, string> = {},
): RuntimeError {
  const error = new Error(message) as Error & { code: RuntimeErrorCode; reason: RuntimeErrorReason; metadata: Record<string, string> };
  error.name = 'RuntimeError';
  error.code = CODES[reason];
  error.reason = reason;
  error.metadata = metadata;
  return error;
}

/** Rebuilds a {@link RuntimeError} from its serialised form (worker → main thread). */
export function fromRuntimeErrorData(data: RuntimeErrorData): RuntimeError {
  return runtimeError(data.reason, data.message, { ...data.metadata });
}

/** The serialisable form of a {@link RuntimeError}. */
export function toRuntimeErrorData(error: RuntimeError): RuntimeErrorData {
  return { code: error.code, reason: error.reason, message: error.message, metadata: { ...error.metadata } };
}

/** True when `value` is an error of this library (works across package copies: duck-typed). */
export function isRuntimeError(value: unknown): value is RuntimeError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<RuntimeError>;
  return (
    typeof candidate.reason === 'string' &&
    candidate.reason in CODES &&
    candidate.code === CODES[candidate.reason as RuntimeErrorReason] &&
    typeof candidate.message === 'string'
  );
}
