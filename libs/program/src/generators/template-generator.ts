import type { GenerateRequest, GeneratedProgram, ProgramGenerator } from './generator';
import { checkGenerated } from './check-generated';
import { generatorError, type GeneratorErrorReason } from './generator-error';

/**
 * A question grammar: the program for a question, or a throw. The Shapes world's
 * `questionToProgram` fits; its `QUESTION_UNSUPPORTED` and `UNKNOWN_TASK` reasons are recognised.
 */
export type QuestionParser = (question: string, context: { readonly task?: string; readonly inputs: readonly string[] }) => string;

const PASSED_ON: ReadonlySet<string> = new Set<GeneratorErrorReason>(['QUESTION_UNSUPPORTED', 'UNKNOWN_TASK']);

/**
 * The `template` generator: an offline grammar (injected, so this library stays free of the world
 * that defines it) turns the question into a program. Deterministic and instant; it reads exactly
 * the questions its grammar knows.
 * @throws GeneratorError QUESTION_UNSUPPORTED (the grammar cannot read it), UNKNOWN_TASK,
 *   GENERATED_PROGRAM_INVALID (the grammar wrote a program that does not validate for the inputs),
 *   GENERATOR_FAILED (the grammar threw anything else).
 */
export function createTemplateGenerator(parse: QuestionParser): ProgramGenerator {
  return {
    name: 'template',
    async generate(request: GenerateRequest): Promise<GeneratedProgram> {
      let text: string;
      try {
        text = parse(request.question, { ...(request.task === undefined || request.task === '' ? {} : { task: request.task }), inputs: request.inputs });
      } catch (cause) {
        const reason = (cause as { reason?: unknown } | null)?.reason;
        const message = cause instanceof Error ? cause.message : String(cause);
        if (typeof reason === 'string' && PASSED_ON.has(reason)) throw generatorError('template', reason as GeneratorErrorReason, message, { cause });
        throw generatorError('template', 'GENERATOR_FAILED', `the template grammar failed on this question: ${message}`, { cause });
      }
      return checkGenerated('template', text, request.inputs, 'GENERATED_PROGRAM_INVALID');
    },
  };
}
