/**
 * The typed errors of the program library. They are plain data (code, reason, message, position),
 * so they survive structured cloning, JSON and package boundaries; callers test them with
 * {@link isProgramError}, never with `instanceof`.
 */

/** The canonical gRPC status code names; a service maps a {@link ProgramError} to a Status by this code. */
export type ErrorCode =
  | 'CANCELLED'
  | 'UNKNOWN'
  | 'INVALID_ARGUMENT'
  | 'DEADLINE_EXCEEDED'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'PERMISSION_DENIED'
  | 'RESOURCE_EXHAUSTED'
  | 'FAILED_PRECONDITION'
  | 'ABORTED'
  | 'OUT_OF_RANGE'
  | 'UNIMPLEMENTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'
  | 'DATA_LOSS'
  | 'UNAUTHENTICATED';

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'CANCELLED', 'UNKNOWN', 'INVALID_ARGUMENT', 'DEADLINE_EXCEEDED', 'NOT_FOUND', 'ALREADY_EXISTS',
  'PERMISSION_DENIED', 'RESOURCE_EXHAUSTED', 'FAILED_PRECONDITION', 'ABORTED', 'OUT_OF_RANGE',
  'UNIMPLEMENTED', 'INTERNAL', 'UNAVAILABLE', 'DATA_LOSS', 'UNAUTHENTICATED',
]);

/** Whether `value` is one of the canonical code names. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && ERROR_CODES.has(value);
}

/**
 * The closed set of reasons (UPPER_SNAKE, as in `google.rpc.ErrorInfo.reason`):
 * - `PROGRAM_SYNTAX`: the program text does not parse.
 * - `PROGRAM_INVALID`: it parses but fails validation (unknown op, bad argument, undefined variable, ...).
 * - `EVAL_SYNTAX`, `EVAL_TYPE`, `EVAL_UNDEFINED`, `EVAL_DIVISION_BY_ZERO`, `EVAL_ARITHMETIC`: the EVAL language.
 * - `STEP_FAILED`: a step failed at run time (its module call or its own logic); the code says why.
 * - `RUN_CANCELLED`, `RUN_DEADLINE_EXCEEDED`: the run's AbortSignal fired (by a timeout, for the latter).
 * - `BAD_OPTIONS`: the caller passed invalid executor options or inputs.
 */
export type ProgramErrorReason =
  | 'PROGRAM_SYNTAX'
  | 'PROGRAM_INVALID'
  | 'EVAL_SYNTAX'
  | 'EVAL_TYPE'
  | 'EVAL_UNDEFINED'
  | 'EVAL_DIVISION_BY_ZERO'
  | 'EVAL_ARITHMETIC'
  | 'STEP_FAILED'
  | 'RUN_CANCELLED'
  | 'RUN_DEADLINE_EXCEEDED'
  | 'BAD_OPTIONS';

/** One bad input field, as in `google.rpc.BadRequest.FieldViolation`, with its source position. */
export interface FieldViolation {
  /** A path such as `steps[2].args.image`. */
  readonly field: string;
  readonly description: string;
  readonly line?: number;
  readonly column?: number;
}

/** The plain-data shape of every error this library throws. */
export interface ProgramErrorData {
  readonly code: ErrorCode;
  readonly reason: ProgramErrorReason;
  readonly message: string;
  /** 1-based source line (of the program, or 1 for a bare EVAL expression); 0 when no position applies. */
  readonly line: number;
  /** 1-based source column; 0 when no position applies. */
  readonly column: number;
  /** What the parser or validator expected at that position. */
  readonly expected?: readonly string[];
  readonly fieldViolations?: readonly FieldViolation[];
  /** For run-time failures: the failing step's index (0-based) and op. */
  readonly stepIndex?: number;
  readonly op?: string;
}

/**
 * The error class behind {@link ProgramErrorData}. It is an `Error` (stack traces, `throw`), and its
 * own enumerable fields are exactly the data, so `JSON.stringify` and structured clone keep them.
 */
export class ProgramError extends Error implements ProgramErrorData {
  override readonly name = 'ProgramError';
  readonly code: ErrorCode;
  readonly reason: ProgramErrorReason;
  readonly line: number;
  readonly column: number;
  readonly expected?: readonly string[];
  readonly fieldViolations?: readonly FieldViolation[];
  readonly stepIndex?: number;
  readonly op?: string;

  constructor(data: ProgramErrorData, options?: { cause?: unknown }) {
    super(data.message, options);
    this.code = data.code;
    this.reason = data.reason;
    this.line = data.line;
    this.column = data.column;
    if (data.expected !== undefined) this.expected = data.expected;
    if (data.fieldViolations !== undefined) this.fieldViolations = data.fieldViolations;
    if (data.stepIndex !== undefined) this.stepIndex = data.stepIndex;
    if (data.op !== undefined) this.op = data.op;
  }

  /** The plain data, for JSON and for crossing process boundaries. */
  toJSON(): ProgramErrorData {
    return toErrorData(this);
  }
}

/** Copies the data fields of a program error (class instance or plain object) into a fresh object. */
export function toErrorData(error: ProgramErrorData): ProgramErrorData {
  const data: { -readonly [K in keyof ProgramErrorData]: ProgramErrorData[K] } = {
    code: error.code,
    reason: error.reason,
    message: error.message,
    line: error.line,
    column: error.column,
  };
  if (error.expected !== undefined) data.expected = [...error.expected];
  if (error.fieldViolations !== undefined) data.fieldViolations = error.fieldViolations.map((v) => ({ ...v }));
  if (error.stepIndex !== undefined) data.stepIndex = error.stepIndex;
  if (error.op !== undefined) data.op = error.op;
  return data;
}

/**
 * Whether `value` has the shape of a {@link ProgramErrorData} — true for instances of
 * {@link ProgramError} and for plain copies that crossed a package or process boundary.
 */
export function isProgramError(value: unknown): value is ProgramErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    isErrorCode(v.code) &&
    typeof v.reason === 'string' &&
    /^[A-Z][A-Z0-9_]*$/.test(v.reason) &&
    typeof v.message === 'string' &&
    typeof v.line === 'number' &&
    typeof v.column === 'number'
  );
}

/** Shorthand for an INVALID_ARGUMENT error at a position. Throws nothing; returns the error. */
export function invalidArgument(
  reason: ProgramErrorReason,
  message: string,
  position: { line: number; column: number },
  extra: Pick<ProgramErrorData, 'expected' | 'fieldViolations'> = {},
): ProgramError {
  return new ProgramError({ code: 'INVALID_ARGUMENT', reason, message, line: position.line, column: position.column, ...extra });
}
