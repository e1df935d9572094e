import type { Step } from '../dsl/ast';
import { isErrorCode, isProgramError, ProgramError, type ErrorCode } from '../errors';

/** gRPC status code names by numeric value (0 is OK), for backends that throw grpc-js style errors. */
const NUMERIC_CODES: readonly string[] = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

function codeOf(error: unknown): ErrorCode {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (isErrorCode(code)) return code;
  const named = typeof code === 'number' ? NUMERIC_CODES[code] : undefined;
  if (isErrorCode(named)) return named;
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  if (name === 'AbortError') return 'CANCELLED';
  if (name === 'TimeoutError') return 'DEADLINE_EXCEEDED';
  return 'INTERNAL';
}

/**
 * Turns whatever a step threw into a ProgramError naming the step (index, op, position). A
 * ProgramError keeps its code and reason; anything else (a backend failure) becomes `STEP_FAILED`
 * with the backend's status code when it carries one (by name or grpc-js number), else INTERNAL.
 */
export function stepError(step: Step, error: unknown): ProgramError {
  const where = `step ${step.index} (${step.output}=${step.op}, line ${step.line})`;
  if (isProgramError(error)) {
    const positioned = error.line > 0;
    return new ProgramError(
      {
        ...error,
        message: `${where}: ${error.message}`,
        line: positioned ? error.line : step.line,
        column: positioned ? error.column : step.column,
        stepIndex: step.index,
        op: step.op,
      },
      { cause: error },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProgramError(
    { code: codeOf(error), reason: 'STEP_FAILED', message: `${where}: ${message}`, line: step.line, column: step.column, stepIndex: step.index, op: step.op },
    { cause: error },
  );
}

/**
 * The error of a cancelled run: `CANCELLED`/`RUN_CANCELLED`, or `DEADLINE_EXCEEDED`/
 * `RUN_DEADLINE_EXCEEDED` when the signal was aborted by a timeout (`AbortSignal.timeout`).
 * Names the first step still running, if any.
 */
export function cancelledError(signal: AbortSignal, running: readonly Step[]): ProgramError {
  const reason: unknown = signal.reason;
  const timeout = typeof reason === 'object' && reason !== null && (reason as { name?: unknown }).name === 'TimeoutError';
  const first = running[0];
  const during = first === undefined ? '' : ` while step ${first.index} (${first.output}=${first.op}) was running`;
  return new ProgramError(
    {
      code: timeout ? 'DEADLINE_EXCEEDED' : 'CANCELLED',
      reason: timeout ? 'RUN_DEADLINE_EXCEEDED' : 'RUN_CANCELLED',
      message: `the run was ${timeout ? 'stopped by its deadline' : 'cancelled'}${during}`,
      line: first?.line ?? 0,
      column: first?.column ?? 0,
      ...(first === undefined ? {} : { stepIndex: first.index, op: first.op }),
    },
    { cause: reason },
  );
}
