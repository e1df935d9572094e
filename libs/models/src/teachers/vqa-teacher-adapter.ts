import { modelError } from '../errors';
import { questionKind, supportedKinds, type QuestionKind } from './question-kind';

/**
 * The VQA teacher adapter: the teacher answers over a closed subset of the module's answers and
 * only some kinds of questions. It refuses the rest and reports its distribution over the module's
 * whole answer vocabulary (zeros where it has no answer), so students and teachers look alike.
 */
export interface VqaTeacherAdapter {
  /** The question kinds the teacher can answer. */
  readonly kinds: ReadonlySet<QuestionKind>;
  /** True when the teacher can answer the question. */
  accepts(question: string): boolean;
  /** @throws ModelError OUTSIDE_LABEL_SPACE (FAILED_PRECONDITION) for a question of another kind. */
  check(question: string): void;
  /** The teacher's probabilities (its label order) spread over `vocabulary` order, zeros elsewhere. */
  expand(probabilities: readonly number[]): number[];
}

/**
 * Builds the adapter for a teacher whose closed answer set is `labels`, reporting over the module's
 * `vocabulary` (the student's answers; defaults to the teacher's labels).
 */
export function createVqaTeacherAdapter(labels: readonly string[], vocabulary: readonly string[] = labels): VqaTeacherAdapter {
  const kinds = supportedKinds(labels);
  const position = labels.map((label) => vocabulary.indexOf(label));
  const accepts = (question: string): boolean => kinds.has(questionKind(question));
  return {
    kinds,
    accepts,
    check: (question) => {
      if (!accepts(question)) {
        const kind = questionKind(question);
        throw modelError('OUTSIDE_LABEL_SPACE', `the VQA teacher cannot answer ${kind} questions: "${question}"`, { question, kind });
      }
    },
    expand: (probabilities) => {
      const out = new Array<number>(vocabulary.length).fill(0);
      probabilities.forEach((p, i) => {
        if (position[i] >= 0) out[position[i]] += p;
      });
      return out;
    },
  };
}
