import { isErrorCode, type ErrorCode } from './error-codes';
import { cancelled, internal } from './error-factories';
import { isServiceErrorLike, fromServiceError } from './service-error';
import { isVprogError, VprogError, type FieldViolation } from './vprog-error';

/**
 * The plain-data error shape domain libraries throw. They must not depend on grpc-kit, so they
 * throw any object that looks like this (an `Error` subclass with these fields is typical) and
 * the server maps it. `code` must be one of the gRPC code names, e.g. `'INVALID_ARGUMENT'`.
 */
export interface DomainErrorLike {
  readonly code: ErrorCode;
  readonly reason: string;
  readonly message: string;
  readonly fieldViolations?: readonly FieldViolation[];
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** True when `value` has the {@link DomainErrorLike} shape (a known code name, a reason, a message). */
export function isDomainErrorLike(value: unknown): value is DomainErrorLike {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return isErrorCode(v.code) && typeof v.reason === 'string' && typeof v.message === 'string';
}

/**
 * Turns anything a handler may throw into a {@link VprogError}, and never throws itself:
 * a `VprogError` is returned as is; a domain error is mapped field by field; a gRPC error from a
 * raw client keeps its code and decoded details; an `AbortError` becomes `CANCELLED`; anything
 * else becomes a generic `INTERNAL` whose message and stack stay on the server (as `cause`).
 */
export function toVprogError(thrown: unknown): VprogError {
  if (isVprogError(thrown)) return thrown;
  if (isDomainErrorLike(thrown)) {
    return new VprogError({
      code: thrown.code,
      reason: thrown.reason,
      message: thrown.message,
      metadata: stringValues(thrown.metadata),
      fieldViolations: cleanViolations(thrown.fieldViolations),
      cause: thrown,
    });
  }
  if (isServiceErrorLike(thrown)) return fromServiceError(thrown);
  if (thrown instanceof Error && thrown.name === 'AbortError') return cancelled('operation aborted', { cause: thrown });
  return internal('internal error', { cause: thrown });
}

function stringValues(metadata: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof metadata !== 'object' || metadata === null) return out;
  for (const [key, value] of Object.entries(metadata)) {
    if (value !== undefined && value !== null) out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

function cleanViolations(violations: unknown): FieldViolation[] {
  if (!Array.isArray(violations)) return [];
  return violations
    .filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null)
    .map((v) => ({
      field: String(v.field ?? ''),
      description: String(v.description ?? ''),
      ...(typeof v.reason === 'string' ? { reason: v.reason } : {}),
    }));
}
