import type { GenerateRequest, GeneratedProgram, ProgramGenerator } from './generator';
import { checkGenerated } from './check-generated';
import { generatorError } from './generator-error';

/** A task example as the `gold` generator needs it. */
export interface GoldExample {
  readonly question: string;
  readonly program: string;
}

/** Options of {@link createGoldGenerator}. */
export interface GoldGeneratorOptions {
  /**
   * Finds a task example by id; undefined when there is none. It may throw a typed error of its own
   * (e.g. for a malformed id), which is passed on as `EXAMPLE_NOT_FOUND`.
   */
  readonly lookup: (exampleId: string) => GoldExample | undefined;
  /** Compares the request's question with the example's; default: equal after case and space folding. */
  readonly sameQuestion?: (asked: string, example: string) => boolean;
}

const fold = (text: string): string => text.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The `gold` generator: the task example named by `exampleId` gives its own program. It exists
 * for evaluation (the upper bound of program quality) and for collecting distillation traces with
 * the programs the task was built with. An empty question means "the example's question".
 * @throws GeneratorError EXAMPLE_NOT_FOUND (no id, unknown id), EXAMPLE_MISMATCH (the question is
 *   another one), GENERATED_PROGRAM_INVALID (the stored program does not validate for the inputs).
 */
export function createGoldGenerator(options: GoldGeneratorOptions): ProgramGenerator {
  const same = options.sameQuestion ?? ((a, b) => fold(a) === fold(b));
  return {
    name: 'gold',
    async generate(request: GenerateRequest): Promise<GeneratedProgram> {
      const id = request.exampleId?.trim() ?? '';
      if (id === '') throw generatorError('gold', 'EXAMPLE_NOT_FOUND', 'the gold generator needs the id of a task example (example_id)');
      let example: GoldExample | undefined;
      try {
        example = options.lookup(id);
      } catch (cause) {
        const detail = cause instanceof Error ? `: ${cause.message}` : '';
        throw generatorError('gold', 'EXAMPLE_NOT_FOUND', `no task example ${JSON.stringify(id)}${detail}`, { metadata: { exampleId: id }, cause });
      }
      if (example === undefined) throw generatorError('gold', 'EXAMPLE_NOT_FOUND', `no task example ${JSON.stringify(id)}`, { metadata: { exampleId: id } });
      if (request.question.trim() !== '' && !same(request.question, example.question)) {
        throw generatorError('gold', 'EXAMPLE_MISMATCH', `example ${id} asks ${JSON.stringify(example.question)}, not ${JSON.stringify(request.question)}`, {
          metadata: { exampleId: id },
        });
      }
      return checkGenerated('gold', example.program, request.inputs, 'GENERATED_PROGRAM_INVALID');
    },
  };
}
