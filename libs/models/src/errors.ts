/**
 * The typed errors of `@vprog/models`: plain data (`code`, `reason`, `message`, `metadata`) on top
 * of `Error`, so grpc-kit maps them to a `google.rpc.Status` by duck typing and this domain library
 * needs no transport dependency.
 */

/** gRPC status codes this library uses. */
export type ModelErrorCode = 'NOT_FOUND' | 'FAILED_PRECONDITION' | 'INVALID_ARGUMENT' | 'INTERNAL';

/**
 * Why a model call failed:
 * - `MANIFEST_MISSING` (NOT_FOUND): no manifest.json where one was expected.
 * - `MANIFEST_INVALID` (FAILED_PRECONDITION): the manifest is not JSON or breaks the contract.
 * - `OUTSIDE_LABEL_SPACE` (FAILED_PRECONDITION): a teacher cannot express the request (a size word
 *   for the closed-set detector, a size question for the VQA teacher, a category the expression
 *   classifier does not know). The request is valid for the module API — a student serves it — so
 *   this is not INVALID_ARGUMENT: the *serving model* lacks the capability.
 * - `INVALID_INPUT` (INVALID_ARGUMENT): an empty view or box, no categories, a view outside the image.
 * - `MODEL_OUTPUT_INVALID` (INTERNAL): the runner returned tensors that break the manifest's contract.
 */
export type ModelErrorReason =
  | 'MANIFEST_MISSING'
  | 'MANIFEST_INVALID'
  | 'OUTSIDE_LABEL_SPACE'
  | 'INVALID_INPUT'
  | 'MODEL_OUTPUT_INVALID';

/** An error of this library; check with {@link isModelError}, never `instanceof`. */
export interface ModelError extends Error {
  readonly code: ModelErrorCode;
  readonly reason: ModelErrorReason;
  readonly metadata: Readonly<Record<string, string>>;
}

const CODES: Record<ModelErrorReason, ModelErrorCode> = {
  MANIFEST_MISSING: 'NOT_FOUND',
  MANIFEST_INVALID: 'FAILED_PRECONDITION',
  OUTSIDE_LABEL_SPACE: 'FAILED_PRECONDITION',
  INVALID_INPUT: 'INVALID_ARGUMENT',
  MODEL_OUTPUT_INVALID: 'INTERNAL',
};

/** Creates a {@link ModelError}; the gRPC code follows from the reason. */
export function modelError(reason: ModelErrorReason, message: string, metadata: Record<string, string> = {}): ModelError {
  const error = new Error(message) as Error & { code: ModelErrorCode; reason: ModelErrorReason; metadata: Record<string, string> };
  error.name = 'ModelError';
  error.code = CODES[reason];
  error.reason = reason;
  error.metadata = metadata;
  return error;
}

/** True when `value` is an error of this library (duck-typed, so it works across package copies). */
export function isModelError(value: unknown): value is ModelError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<ModelError>;
  return (
    typeof candidate.reason === 'string' &&
    candidate.reason in CODES &&
    candidate.code === CODES[candidate.reason as ModelErrorReason] &&
    typeof candidate.message === 'string'
  );
}
