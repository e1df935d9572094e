import { COLOURS, SHAPES, SIZES } from '@vprog/world';

/** What a VQA question asks for, read from its wording alone. */
export type QuestionKind = 'colour' | 'shape' | 'size' | 'count' | 'exist' | 'unknown';

const SIZE_WORD = '(?:small|large|big|little|tiny)';
const RULES: ReadonlyArray<readonly [QuestionKind, RegExp]> = [
  ['count', /^how many\b/],
  ['exist', /^(?:is|are) there\b|^does the (?:image|picture)\b/],
  ['size', new RegExp(`\\bsize\\b|\\b${SIZE_WORD} or ${SIZE_WORD}\\b|^how (?:big|large) is\\b`)],
  ['colour', /\bcolou?r\b/],
  ['shape', /\bshape\b/],
];

/**
 * Classifies a question by its wording (`How many …` → count, `What colour …` → colour, `… small
 * or large?` → size …). Used by the VQA teacher adapter to refuse questions outside its types.
 */
export function questionKind(question: string): QuestionKind {
  const text = question.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  for (const [kind, pattern] of RULES) if (pattern.test(text)) return kind;
  return 'unknown';
}

/** The answers each kind of question can have in the Shapes world. */
export const ANSWERS_BY_KIND: Readonly<Record<Exclude<QuestionKind, 'unknown'>, readonly string[]>> = {
  colour: COLOURS,
  shape: SHAPES,
  size: SIZES,
  count: Array.from({ length: 11 }, (_, n) => String(n)),
  exist: ['yes', 'no'],
};

/** The question kinds a closed answer set can serve: those whose every possible answer it holds. */
export function supportedKinds(labels: readonly string[]): Set<QuestionKind> {
  const known = new Set(labels);
  const kinds = new Set<QuestionKind>();
  for (const [kind, answers] of Object.entries(ANSWERS_BY_KIND)) {
    if (answers.every((a) => known.has(a))) kinds.add(kind as QuestionKind);
  }
  return kinds;
}

const ANSWER_SETS: Readonly<Record<keyof typeof ANSWERS_BY_KIND, ReadonlySet<string>>> = {
  colour: new Set(ANSWERS_BY_KIND.colour),
  shape: new Set(ANSWERS_BY_KIND.shape),
  size: new Set(ANSWERS_BY_KIND.size),
  count: new Set(ANSWERS_BY_KIND.count),
  exist: new Set(ANSWERS_BY_KIND.exist),
};

/**
 * A distribution over `vocabulary` restricted to the answers the question's kind allows and
 * renormalised, so a yes/no question is never answered with a colour. A question of unknown kind,
 * or one whose kind has no answer in the vocabulary, or a distribution with no mass on the allowed
 * answers, keeps its distribution unchanged. Throws nothing.
 */
export function restrictToQuestionKind(distribution: readonly number[], vocabulary: readonly string[], question: string): number[] {
  const kind = questionKind(question);
  if (kind === 'unknown') return [...distribution];
  const allowed = ANSWER_SETS[kind];
  const kept = distribution.map((p, i) => (allowed.has(vocabulary[i]) ? p : 0));
  const mass = kept.reduce((a, b) => a + b, 0);
  return mass > 0 ? kept.map((p) => p / mass) : [...distribution];
}
