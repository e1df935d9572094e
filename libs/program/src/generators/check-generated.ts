import { parseProgram } from '../dsl/parser';
import { isProgramError } from '../errors';
import { validateProgram } from '../validate/validate-program';
import type { GeneratedProgram } from './generator';
import { generatorError, type GeneratorErrorReason } from './generator-error';

/** How much of a bad generated program an error's metadata keeps. */
const PROGRAM_PREVIEW_CHARS = 2000;

/**
 * Parses and validates a program a generator wrote, against the request's inputs.
 * @throws GeneratorError with `reason` (`LLM_OUTPUT_INVALID` for an LLM's text,
 *   `GENERATED_PROGRAM_INVALID` otherwise), the program error's line and column, every problem as a
 *   field violation, and the text (clipped) in `metadata.program`.
 */
export function checkGenerated(generator: string, text: string, inputs: readonly string[], reason: GeneratorErrorReason): GeneratedProgram {
  try {
    const program = parseProgram(text);
    validateProgram(program, inputs);
    return { text, program, generator };
  } catch (error) {
    if (!isProgramError(error)) throw error;
    const violations = error.fieldViolations ?? [{ field: 'program', description: error.message, line: error.line, column: error.column }];
    throw generatorError(generator, reason, `the ${generator} generator wrote an invalid program: ${error.message}`, {
      metadata: {
        programReason: error.reason,
        line: String(error.line),
        column: String(error.column),
        program: text.length > PROGRAM_PREVIEW_CHARS ? `${text.slice(0, PROGRAM_PREVIEW_CHARS)}…` : text,
      },
      fieldViolations: violations,
      cause: error,
    });
  }
}
