import { defaultReason, grpcStatusOf, isErrorCode, isValidReason, type ErrorCode } from './error-codes';

/**
 * The brand every {@link VprogError} carries. It is a registered symbol, so two copies of this
 * package (or a bundled and an unbundled one) still recognise each other's errors.
 */
export const VPROG_ERROR_BRAND: unique symbol = Symbol.for('vprog.grpc-kit.VprogError') as never;

/** One bad field of a request, sent as a `google.rpc.BadRequest.FieldViolation`. */
export interface FieldViolation {
  /** Path to the field, e.g. `image.raw.width` or `boxes[2].score`. */
  readonly field: string;
  /** What is wrong with it, for a human. */
  readonly description: string;
  /** Optional UPPER_SNAKE reason for this field alone. */
  readonly reason?: string;
}

/** What it takes to build a {@link VprogError}. */
export interface VprogErrorInit {
  readonly code: ErrorCode;
  readonly message: string;
  /** UPPER_SNAKE reason; defaults to the code's default reason (see `defaultReason`). */
  readonly reason?: string;
  /** Sent as `google.rpc.ErrorInfo.metadata`; keep values short and free of secrets. */
  readonly metadata?: Readonly<Record<string, string>>;
  readonly fieldViolations?: readonly FieldViolation[];
  /** The underlying failure; kept for logs, never sent over the wire. */
  readonly cause?: unknown;
}

/**
 * The one error type of vprog's RPC layer: a gRPC code, a stable reason, a message, metadata and
 * field violations. Servers map it to a `google.rpc.Status`; clients get it back from one.
 *
 * Use {@link isVprogError} rather than `instanceof` to recognise it.
 */
export class VprogError extends Error {
  readonly [VPROG_ERROR_BRAND] = true as const;
  override readonly name = 'VprogError';
  readonly code: ErrorCode;
  readonly reason: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly fieldViolations: readonly FieldViolation[];

  /** Builds the error; an invalid reason is replaced by the code's default so one is always sent. */
  constructor(init: VprogErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = isErrorCode(init.code) ? init.code : 'UNKNOWN';
    this.reason = isValidReason(init.reason) ? init.reason : defaultReason(this.code);
    this.metadata = Object.freeze({ ...(init.metadata ?? {}) });
    this.fieldViolations = Object.freeze([...(init.fieldViolations ?? [])]);
  }

  /** The numeric gRPC status of {@link code}. */
  get grpcCode(): number {
    return grpcStatusOf(this.code);
  }

  /** A plain-data view (no stack, no cause) for logs and JSON answers. */
  toJSON(): { code: ErrorCode; reason: string; message: string; metadata: Record<string, string>; fieldViolations: FieldViolation[] } {
    return {
      code: this.code,
      reason: this.reason,
      message: this.message,
      metadata: { ...this.metadata },
      fieldViolations: this.fieldViolations.map((v) => ({ ...v })),
    };
  }
}

/** True for any {@link VprogError}, from this copy of the package or another one. */
export function isVprogError(value: unknown): value is VprogError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[VPROG_ERROR_BRAND] === true;
}

/** True when `value` is a {@link VprogError} with the given code (and reason, when given). */
export function hasErrorCode(value: unknown, code: ErrorCode, reason?: string): value is VprogError {
  return isVprogError(value) && value.code === code && (reason === undefined || value.reason === reason);
}
