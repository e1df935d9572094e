import { createWorldError } from '../errors';
import { specToProgram } from '../language/gold-program';
import { readImageQuestion } from '../language/image-questions';
import { readPairStatement } from '../language/pair-statements';
import type { QuestionSpec } from '../language/question-spec';
import { normaliseText } from '../language/text';
import { getTask } from '../tasks/registry';

/**
 * The `template` program generator: an offline parser of the Shapes-world question grammar. It
 * reads any question the task generators produce, and small paraphrases of them (case, spacing,
 * punctuation, `color`/`colour`, "How many … are there/in the image", "Is there a/any …"), back
 * into a question spec, and writes that spec's program.
 */

/** Which grammar to read a question with: a task's (by name) or that of its inputs. */
export interface TemplateContext {
  readonly task?: string;
  /** `['IMAGE']` for single-image questions, `['LEFT', 'RIGHT']` for pair statements. */
  readonly inputs?: readonly string[];
}

function wantsPair(context: TemplateContext): boolean | undefined {
  const inputs = context.task !== undefined ? getTask(context.task).inputs : context.inputs;
  if (inputs === undefined) return undefined;
  return inputs.includes('LEFT') && inputs.includes('RIGHT');
}

/**
 * The spec of a question. Throws a `QUESTION_UNSUPPORTED` world error when the grammar cannot
 * read it, and an `UNKNOWN_TASK` one for an unknown `context.task`.
 */
export function parseQuestion(question: string, context: TemplateContext = {}): QuestionSpec {
  const text = normaliseText(question);
  const pair = wantsPair(context);
  const spec = pair === true ? readPairStatement(text) : pair === false ? readImageQuestion(text) : (readImageQuestion(text) ?? readPairStatement(text));
  if (!spec) {
    const kind = pair === true ? 'image-pair statement' : pair === false ? 'single-image question' : 'question';
    throw createWorldError('QUESTION_UNSUPPORTED', `the template parser cannot read this ${kind}: ${JSON.stringify(question)}`);
  }
  return spec;
}

/**
 * The program for a question, as the template generator writes it (the same text as the gold
 * program of a generated question). Throws like {@link parseQuestion}.
 */
export function questionToProgram(question: string, context: TemplateContext = {}): string {
  return specToProgram(parseQuestion(question, context));
}
