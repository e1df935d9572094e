/**
 * The typed errors of `@vprog/distill`: plain data (`code`, `reason`, `message`, `metadata`) on top
 * of `Error`, so a module service maps them to a `google.rpc.Status` by duck typing and this domain
 * library needs no transport dependency. They also cross the worker-thread boundary as
 * {@link DistillErrorData} and are rebuilt on the other side.
 */

/** The gRPC status codes this library uses. */
export type DistillErrorCode = 'INVALID_ARGUMENT' | 'FAILED_PRECONDITION' | 'CANCELLED' | 'INTERNAL';

/** Every reason this library produces, with the code it belongs to (the code follows from the reason). */
export const DISTILL_REASONS = {
  /** The head bytes are not a decodable ONNX model, or the graph is malformed (no graph, a dangling input). */
  HEAD_INVALID: 'INVALID_ARGUMENT',
  /** The head uses an op, attribute value or initializer type the trainer does not implement; the message names it. */
  HEAD_UNSUPPORTED: 'FAILED_PRECONDITION',
  /** A training example (or a feed of `runHead`) is missing an input, has inconsistent dims or a bad target. */
  INVALID_EXAMPLE: 'INVALID_ARGUMENT',
  /** The training options are out of range or name an output/input the head does not have. */
  INVALID_OPTIONS: 'INVALID_ARGUMENT',
  /** The weights handed to `writeHeadModel` do not match the head's initializers. */
  WEIGHTS_MISMATCH: 'INVALID_ARGUMENT',
  /** The caller aborted training (its `AbortSignal` fired). */
  CANCELLED: 'CANCELLED',
  /** Training diverged (a non-finite loss) or the training worker died. */
  TRAINING_FAILED: 'INTERNAL',
} as const satisfies Record<string, DistillErrorCode>;

/** One of the UPPER_SNAKE reasons in {@link DISTILL_REASONS}. */
export type DistillErrorReason = keyof typeof DISTILL_REASONS;

/** An error of this library; check with {@link isDistillError}, never `instanceof`. */
export interface DistillError extends Error {
  readonly code: DistillErrorCode;
  readonly reason: DistillErrorReason;
  readonly metadata: Readonly<Record<string, string>>;
}

/** A {@link DistillError} as plain, structured-clone-safe data (what a worker posts back). */
export interface DistillErrorData {
  readonly reason: DistillErrorReason;
  readonly message: string;
  readonly metadata: Readonly<Record<string, string>>;
}

/** Creates a {@link DistillError}; the gRPC code follows from the reason. */
export function distillError(reason: DistillErrorReason, message: string, metadata: Record<string, string> = {}): DistillError {
  const error = new Error(message) as Error & { code: DistillErrorCode; reason: DistillErrorReason; metadata: Record<string, string> };
  error.name = 'DistillError';
  error.code = DISTILL_REASONS[reason];
  error.reason = reason;
  error.metadata = metadata;
  return error;
}

/** True when `value` is an error of this library (duck-typed, so it works across package copies and threads). */
export function isDistillError(value: unknown): value is DistillError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<DistillError>;
  return (
    typeof candidate.reason === 'string' &&
    Object.prototype.hasOwnProperty.call(DISTILL_REASONS, candidate.reason) &&
    candidate.code === DISTILL_REASONS[candidate.reason as DistillErrorReason] &&
    typeof candidate.message === 'string'
  );
}

/**
 * Turns anything thrown into {@link DistillErrorData}: a DistillError keeps its reason, anything
 * else becomes `TRAINING_FAILED` with its message.
 */
export function toDistillErrorData(error: unknown): DistillErrorData {
  if (isDistillError(error)) return { reason: error.reason, message: error.message, metadata: { ...error.metadata } };
  const message = error instanceof Error ? error.message : String(error);
  return { reason: 'TRAINING_FAILED', message: `head training failed: ${message}`, metadata: {} };
}

/** Rebuilds a {@link DistillError} from {@link DistillErrorData}. */
export function fromDistillErrorData(data: DistillErrorData): DistillError {
  return distillError(data.reason, data.message, { ...data.metadata });
}
