import type { Program } from '../dsl/ast';

/** What a program generator is asked for. */
export interface GenerateRequest {
  /** The question or statement in natural language. */
  readonly question: string;
  /** The task the question belongs to (e.g. `gqa-shapes`); guides grammars and in-context examples. */
  readonly task?: string;
  /** The image variables the program may read: `['IMAGE']`, or `['LEFT', 'RIGHT']` for pairs. */
  readonly inputs: readonly string[];
  /** For `gold`: the id of the task example whose program to use. */
  readonly exampleId?: string;
  /** Cancels a generator that waits on something (the LLM endpoint). */
  readonly signal?: AbortSignal;
}

/** A program a generator wrote: its text and its parsed, validated form. */
export interface GeneratedProgram {
  readonly text: string;
  readonly program: Program;
  /** The generator that wrote it (for a chain: the one that succeeded). */
  readonly generator: string;
}

/**
 * Turns a question into a checked program. Every generator returns a program that parses and
 * validates against the request's inputs, or throws a {@link GeneratorError}; the runner then
 * executes what it got without caring where it came from.
 */
export interface ProgramGenerator {
  /** `gold`, `template`, `llm`, or `auto` for a chain. */
  readonly name: string;
  /** @throws GeneratorError (see its reasons); never a bare Error. */
  generate(request: GenerateRequest): Promise<GeneratedProgram>;
}
