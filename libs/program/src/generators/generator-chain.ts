import type { GenerateRequest, GeneratedProgram, ProgramGenerator } from './generator';
import { generatorError, isGeneratorError, type GeneratorErrorData } from './generator-error';

/** The reasons after which a chain tries its next generator: this one cannot help with this question. */
const FALL_THROUGH: ReadonlySet<string> = new Set(['QUESTION_UNSUPPORTED', 'GENERATOR_UNAVAILABLE', 'EXAMPLE_NOT_FOUND']);

/**
 * A generator that tries `generators` in order and returns the first program: e.g. `template`
 * (instant, exact for the world's grammar), then `llm` (anything else). A generator that cannot
 * handle the question (see FALL_THROUGH) passes it on; any other failure (the LLM endpoint is down,
 * the request was cancelled) stops the chain, so outages are not reported as unsupported questions.
 * @throws GeneratorError QUESTION_UNSUPPORTED naming every generator's reason when none could
 *   handle the question; otherwise the failing generator's own error.
 */
export function createGeneratorChain(name: string, generators: readonly ProgramGenerator[]): ProgramGenerator {
  return {
    name,
    async generate(request: GenerateRequest): Promise<GeneratedProgram> {
      const failures: GeneratorErrorData[] = [];
      for (const generator of generators) {
        try {
          return await generator.generate(request);
        } catch (error) {
          if (!isGeneratorError(error) || !FALL_THROUGH.has(error.reason)) throw error;
          failures.push(error);
        }
      }
      const why = failures.map((f) => `${f.generator}: ${f.message}`).join('; ');
      throw generatorError(name, 'QUESTION_UNSUPPORTED', `no program generator can handle this question${why === '' ? ' (none is configured)' : ` (${why})`}`, {
        metadata: Object.fromEntries(failures.map((f) => [f.generator, f.reason])),
      });
    },
  };
}

/**
 * Picks a generator by name (case-insensitive, trimmed); an empty name picks `fallback`.
 * @throws GeneratorError GENERATOR_UNKNOWN listing the known names.
 */
export function selectGenerator(generators: readonly ProgramGenerator[], name: string, fallback: string): ProgramGenerator {
  const wanted = (name.trim() === '' ? fallback : name).trim().toLowerCase();
  const found = generators.find((g) => g.name === wanted);
  if (found !== undefined) return found;
  throw generatorError(wanted, 'GENERATOR_UNKNOWN', `unknown program generator ${JSON.stringify(name)}; known: ${generators.map((g) => g.name).join(', ')}`, {
    metadata: { generator: name },
  });
}
