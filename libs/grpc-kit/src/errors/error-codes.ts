/**
 * The closed set of error codes a vprog RPC can end with, keyed by their gRPC names.
 *
 * Why: every layer (handlers, domain libraries, clients, logs) speaks these names, so a failure
 * reads the same wherever it shows up, and the numeric gRPC status is derived in one place.
 */
export const ERROR_CODES = {
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/** One of the gRPC status names in {@link ERROR_CODES} (never `OK`). */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Reasons that vprog itself produces, with the code each belongs to. A reason is the stable,
 * machine-readable part of an error (AIP-193): clients branch on it, never on the message.
 * Projects may add their own UPPER_SNAKE reasons; these are the shared ones.
 */
export const KNOWN_REASONS = {
  BAD_REQUEST: 'INVALID_ARGUMENT',
  NOT_FOUND: 'NOT_FOUND',
  MODEL_NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  PERMISSION_DENIED: 'PERMISSION_DENIED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  ABORTED: 'ABORTED',
  OUT_OF_RANGE: 'OUT_OF_RANGE',
  RESOURCE_EXHAUSTED: 'RESOURCE_EXHAUSTED',
  QUEUE_FULL: 'RESOURCE_EXHAUSTED',
  DEADLINE_EXCEEDED: 'DEADLINE_EXCEEDED',
  CANCELLED: 'CANCELLED',
  UNAVAILABLE: 'UNAVAILABLE',
  UNIMPLEMENTED: 'UNIMPLEMENTED',
  INTERNAL: 'INTERNAL',
  DATA_LOSS: 'DATA_LOSS',
  UNKNOWN: 'UNKNOWN',
} as const satisfies Record<string, ErrorCode>;

const REASON_PATTERN = /^[A-Z][A-Z0-9_]{0,61}[A-Z0-9]$/;

/** True when `value` names one of the codes in {@link ERROR_CODES}. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/** True when `value` is an UPPER_SNAKE reason of at most 63 characters, as AIP-193 asks. */
export function isValidReason(value: unknown): value is string {
  return typeof value === 'string' && REASON_PATTERN.test(value);
}

/**
 * The reason used when none (or an invalid one) is given: `BAD_REQUEST` for `INVALID_ARGUMENT`,
 * otherwise the code's own name.
 */
export function defaultReason(code: ErrorCode): string {
  return code === 'INVALID_ARGUMENT' ? 'BAD_REQUEST' : code;
}

/** The numeric gRPC status of a code name. */
export function grpcStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code];
}

/** The code name of a numeric gRPC status; unknown numbers (and `OK`) map to `UNKNOWN`. */
export function errorCodeOf(status: number): ErrorCode {
  for (const [name, value] of Object.entries(ERROR_CODES)) {
    if (value === status) return name as ErrorCode;
  }
  return 'UNKNOWN';
}
