import type { ErrorCode, FieldViolation } from '../errors';

/**
 * Why a generator could not give a program:
 * - `GENERATOR_UNKNOWN` (INVALID_ARGUMENT): no generator has that name;
 * - `GENERATOR_UNAVAILABLE` (FAILED_PRECONDITION): it exists but is not configured (an `llm` without an endpoint);
 * - `QUESTION_UNSUPPORTED` (INVALID_ARGUMENT): the generator (or every generator of a chain) cannot read the question;
 * - `UNKNOWN_TASK` (INVALID_ARGUMENT): the task named in the request does not exist;
 * - `EXAMPLE_NOT_FOUND` (NOT_FOUND), `EXAMPLE_MISMATCH` (INVALID_ARGUMENT): `gold` has no such example, or its question differs;
 * - `LLM_UNAVAILABLE` (UNAVAILABLE): the chat endpoint cannot be reached, timed out, or answered 429/5xx;
 * - `LLM_REQUEST_FAILED` (FAILED_PRECONDITION): it refused the request (4xx: key, model, quota);
 * - `LLM_OUTPUT_INVALID` (INTERNAL): its answer is not a valid program (positions in `fieldViolations`);
 * - `GENERATED_PROGRAM_INVALID` (INTERNAL): a non-LLM generator wrote a program that does not validate (a bug);
 * - `GENERATOR_FAILED` (INTERNAL): a generator broke in an unexpected way (a bug);
 * - `GENERATION_CANCELLED` (CANCELLED): the request's signal aborted.
 */
export type GeneratorErrorReason =
  | 'GENERATOR_UNKNOWN'
  | 'GENERATOR_UNAVAILABLE'
  | 'QUESTION_UNSUPPORTED'
  | 'UNKNOWN_TASK'
  | 'EXAMPLE_NOT_FOUND'
  | 'EXAMPLE_MISMATCH'
  | 'LLM_UNAVAILABLE'
  | 'LLM_REQUEST_FAILED'
  | 'LLM_OUTPUT_INVALID'
  | 'GENERATED_PROGRAM_INVALID'
  | 'GENERATOR_FAILED'
  | 'GENERATION_CANCELLED';

const CODES: Readonly<Record<GeneratorErrorReason, ErrorCode>> = {
  GENERATOR_UNKNOWN: 'INVALID_ARGUMENT',
  GENERATOR_UNAVAILABLE: 'FAILED_PRECONDITION',
  QUESTION_UNSUPPORTED: 'INVALID_ARGUMENT',
  UNKNOWN_TASK: 'INVALID_ARGUMENT',
  EXAMPLE_NOT_FOUND: 'NOT_FOUND',
  EXAMPLE_MISMATCH: 'INVALID_ARGUMENT',
  LLM_UNAVAILABLE: 'UNAVAILABLE',
  LLM_REQUEST_FAILED: 'FAILED_PRECONDITION',
  LLM_OUTPUT_INVALID: 'INTERNAL',
  GENERATED_PROGRAM_INVALID: 'INTERNAL',
  GENERATOR_FAILED: 'INTERNAL',
  GENERATION_CANCELLED: 'CANCELLED',
};

/** The plain data of a generator error: the shape the gRPC layer maps to a `google.rpc.Status`. */
export interface GeneratorErrorData {
  readonly code: ErrorCode;
  readonly reason: GeneratorErrorReason;
  readonly message: string;
  /** The generator that failed. */
  readonly generator: string;
  /** Short details for `ErrorInfo.metadata` (lowerCamel keys). */
  readonly metadata?: Readonly<Record<string, string>>;
  /** For invalid generated programs: each problem, positioned in the generated text. */
  readonly fieldViolations?: readonly FieldViolation[];
}

/** The error every generator throws; recognise it with {@link isGeneratorError}, never `instanceof`. */
export class GeneratorError extends Error implements GeneratorErrorData {
  override readonly name = 'GeneratorError';
  readonly code: ErrorCode;
  readonly reason: GeneratorErrorReason;
  readonly generator: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly fieldViolations?: readonly FieldViolation[];

  constructor(data: Omit<GeneratorErrorData, 'code'>, options?: { cause?: unknown }) {
    super(data.message, options);
    this.code = CODES[data.reason];
    this.reason = data.reason;
    this.generator = data.generator;
    if (data.metadata !== undefined) this.metadata = data.metadata;
    if (data.fieldViolations !== undefined) this.fieldViolations = data.fieldViolations;
  }
}

/** Builds a {@link GeneratorError}; the code follows from the reason. Throws nothing. */
export function generatorError(
  generator: string,
  reason: GeneratorErrorReason,
  message: string,
  extra: { metadata?: Record<string, string>; fieldViolations?: readonly FieldViolation[]; cause?: unknown } = {},
): GeneratorError {
  const { cause, ...rest } = extra;
  return new GeneratorError({ generator, reason, message, ...rest }, cause === undefined ? undefined : { cause });
}

/** Whether `value` has the shape of a {@link GeneratorErrorData} (works on plain copies). Throws nothing. */
export function isGeneratorError(value: unknown): value is GeneratorErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.reason === 'string' && v.reason in CODES && typeof v.message === 'string' && typeof v.generator === 'string' && typeof v.code === 'string';
}
