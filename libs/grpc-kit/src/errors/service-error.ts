import { Metadata, type ServiceError, type StatusObject } from '@grpc/grpc-js';
import { defaultReason, errorCodeOf } from './error-codes';
import { decodeStatus, encodeStatus, STATUS_DETAILS_KEY, type StatusDetails } from './status-details';
import { VprogError } from './vprog-error';

/** The parts of a grpc-js error the decoder needs; also matches errors built by other code. */
export interface ServiceErrorLike {
  readonly code: number;
  readonly details?: string;
  readonly message?: string;
  readonly metadata?: Metadata;
}

/**
 * The status a server sends for an error: the gRPC code, the message as details, and the
 * `grpc-status-details-bin` trailer holding the rich `google.rpc.Status`. The only place a
 * status is built; handlers throw and never call this themselves.
 */
export function toStatusObject(error: VprogError): Partial<StatusObject> & { code: number; details: string; metadata: Metadata } {
  const metadata = new Metadata();
  metadata.set(STATUS_DETAILS_KEY, encodeStatus(error));
  return { code: error.grpcCode, details: error.message, metadata };
}

/** True when `value` looks like a grpc-js `ServiceError` (a numeric code, optional metadata). */
export function isServiceErrorLike(value: unknown): value is ServiceErrorLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.code === 'number' && (v.metadata === undefined || v.metadata instanceof Metadata || typeof (v.metadata as Metadata | null)?.get === 'function');
}

/**
 * Reads the `google.rpc.Status` from a call's trailers, or undefined when there is none or it
 * does not decode (a non-vprog server, a proxy that stripped it).
 */
export function decodeStatusDetails(trailers: Metadata | undefined): StatusDetails | undefined {
  const value = trailers?.get(STATUS_DETAILS_KEY)[0];
  if (value === undefined || typeof value === 'string') return undefined;
  try {
    return decodeStatus(value);
  } catch {
    return undefined;
  }
}

/**
 * Turns a failed call into a {@link VprogError} with the server's code, reason, message, metadata
 * and field violations. Without status details (e.g. a connection failure) the reason is the
 * code's default and the message is grpc-js's.
 */
export function fromServiceError(error: ServiceErrorLike | ServiceError): VprogError {
  const rich = decodeStatusDetails(error.metadata);
  const code = errorCodeOf(error.code);
  const message = rich?.message ?? error.details ?? error.message ?? code;
  return new VprogError({
    code,
    message,
    reason: rich?.reason ?? defaultReason(code),
    metadata: rich?.metadata,
    fieldViolations: rich?.fieldViolations,
    cause: error,
  });
}
