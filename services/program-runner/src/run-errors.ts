import { invalidArgument, isVprogError, toVprogError, VprogError, type FieldViolation } from '@vprog/grpc-kit';
import { isProgramError, type ProgramErrorData } from '@vprog/program';

function positionMetadata(error: ProgramErrorData): Record<string, string> {
  return {
    line: String(error.line),
    column: String(error.column),
    ...(error.expected === undefined ? {} : { expected: error.expected.join(' | ') }),
  };
}

/**
 * A program that does not parse or validate, as INVALID_ARGUMENT with the program's reason
 * (`PROGRAM_SYNTAX`, `PROGRAM_INVALID`, `EVAL_SYNTAX`), its first position in `metadata.line` /
 * `metadata.column`, and one field violation per problem under `field` (e.g.
 * `program.steps[2].args.image`), each description starting `line L, column C:`. Throws nothing.
 */
export function invalidProgram(error: ProgramErrorData, field = 'program'): VprogError {
  const violations: FieldViolation[] = (error.fieldViolations ?? [{ field: '', description: error.message }]).map((v) => ({
    field: v.field === '' ? field : `${field}.${v.field}`,
    description: v.description,
    reason: error.reason,
  }));
  return invalidArgument(error.message, violations, { reason: error.reason, metadata: positionMetadata(error), cause: error });
}

/**
 * The status of a run that failed while executing: the failing step's code and reason
 * (`STEP_FAILED` with the module's code, e.g. UNAVAILABLE after the retries; an `EVAL_*` reason;
 * `RUN_CANCELLED`; `RUN_DEADLINE_EXCEEDED`), with `stepIndex`, `op`, `line`, `column` and, for a
 * module failure, the module's own reason (`moduleReason`) in the metadata. Anything that is not a
 * program error is mapped by grpc-kit's rules. Throws nothing.
 */
export function runFailure(error: unknown): VprogError {
  if (!isProgramError(error)) return toVprogError(error);
  const cause = (error as { cause?: unknown }).cause;
  const metadata: Record<string, string> = { ...positionMetadata(error) };
  if (error.stepIndex !== undefined) metadata.stepIndex = String(error.stepIndex);
  if (error.op !== undefined) metadata.op = error.op;
  if (isVprogError(cause)) {
    metadata.moduleReason = cause.reason;
    for (const [key, value] of Object.entries(cause.metadata)) if (!(key in metadata)) metadata[key] = value;
  }
  return new VprogError({
    code: error.code,
    reason: error.reason,
    message: error.message,
    metadata,
    ...(error.fieldViolations === undefined ? {} : { fieldViolations: error.fieldViolations.map((v) => ({ field: `program.${v.field}`, description: v.description })) }),
    cause: error,
  });
}
