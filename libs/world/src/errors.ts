/**
 * The typed error of the Shapes world. It carries a gRPC code and an UPPER_SNAKE reason, so a
 * service or the CLI can report it without knowing where it came from; recognise it with
 * {@link isWorldError}, never `instanceof` (which breaks across packages).
 */

/** Why a world operation failed. */
export type WorldErrorReason =
  | 'UNKNOWN_TASK'
  | 'UNKNOWN_MODULE'
  | 'INVALID_OPTIONS'
  | 'QUESTION_UNSUPPORTED'
  | 'GENERATION_FAILED';

const CODES: Record<WorldErrorReason, 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'INTERNAL'> = {
  UNKNOWN_TASK: 'NOT_FOUND',
  UNKNOWN_MODULE: 'NOT_FOUND',
  INVALID_OPTIONS: 'INVALID_ARGUMENT',
  QUESTION_UNSUPPORTED: 'INVALID_ARGUMENT',
  GENERATION_FAILED: 'INTERNAL',
};

/** An error raised by the world: unknown task or module, bad options, an unparseable question. */
export interface WorldError extends Error {
  readonly code: 'INVALID_ARGUMENT' | 'NOT_FOUND' | 'INTERNAL';
  readonly reason: WorldErrorReason;
}

/** Builds a {@link WorldError}; the gRPC code follows from the reason. Never throws. */
export function createWorldError(reason: WorldErrorReason, message: string): WorldError {
  const error = new Error(message) as Error & { code: WorldError['code']; reason: WorldErrorReason };
  error.name = 'WorldError';
  error.code = CODES[reason];
  error.reason = reason;
  return error;
}

/** A type guard for {@link WorldError} that works on plain objects of the same shape. Never throws. */
export function isWorldError(value: unknown): value is WorldError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { reason?: unknown; message?: unknown };
  return typeof v.reason === 'string' && v.reason in CODES && typeof v.message === 'string';
}
