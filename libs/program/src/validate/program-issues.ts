import type { ProgramErrorData } from '../errors';

/** One problem of a program, as `ParseIssue` carries it. */
export interface ProgramIssue {
  /** A stable UPPER_SNAKE code, e.g. `UNKNOWN_OP`, `UNDEFINED_VARIABLE`. */
  readonly code: string;
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

/**
 * The validator's problems carry a field path and a description but no code of their own, so the
 * codes are read from the description's wording here. The table is tested against the validator
 * (parse-issues.spec.ts), so a change of wording fails a test instead of silently becoming
 * INVALID_PROGRAM.
 */
const CODES: ReadonlyArray<readonly [RegExp, string]> = [
  [/unknown op /, 'UNKNOWN_OP'],
  [/ has no argument /, 'UNKNOWN_ARGUMENT'],
  [/ is given twice/, 'DUPLICATE_ARGUMENT'],
  [/ needs argument /, 'MISSING_ARGUMENT'],
  [/ is not defined before this step/, 'UNDEFINED_VARIABLE'],
  [/ is already defined /, 'DUPLICATE_VARIABLE'],
  [/RESULT must be the last step/, 'RESULT_NOT_LAST'],
  [/has no steps/, 'EMPTY_PROGRAM'],
  [/must end in RESULT/, 'MISSING_RESULT'],
  [/input name /, 'BAD_INPUT_NAME'],
  [/EVAL/, 'EVAL_ERROR'],
  [/ takes a | needs .+ but | holds strings only| needs at least one item/, 'WRONG_ARGUMENT_TYPE'],
];

/** The issue code of one validator problem description. Throws nothing. */
export function issueCode(description: string): string {
  return CODES.find(([pattern]) => pattern.test(description))?.[1] ?? 'INVALID_PROGRAM';
}

const stripPosition = (text: string): string => text.replace(/^line \d+, column \d+: /, '');

/**
 * Every problem of a program error as issues, in source order: a syntax error is one
 * `SYNTAX_ERROR` issue (with what was expected); a validation error gives one issue per field
 * violation. Throws nothing.
 */
export function programIssues(error: ProgramErrorData): ProgramIssue[] {
  if (error.reason === 'PROGRAM_SYNTAX') {
    const expected = error.expected === undefined || error.expected.length === 0 ? '' : ` (expected ${error.expected.join(' or ')})`;
    const message = stripPosition(error.message);
    return [{ code: 'SYNTAX_ERROR', message: message.includes('expected') ? message : `${message}${expected}`, line: error.line, column: error.column }];
  }
  const violations = error.fieldViolations ?? [];
  if (violations.length === 0) return [{ code: error.reason === 'EVAL_SYNTAX' ? 'EVAL_ERROR' : 'INVALID_PROGRAM', message: stripPosition(error.message), line: error.line, column: error.column }];
  return violations.map((v) => ({
    code: issueCode(v.description),
    message: stripPosition(v.description),
    line: v.line ?? error.line,
    column: v.column ?? error.column,
  }));
}

