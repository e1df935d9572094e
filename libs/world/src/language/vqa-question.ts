import type { Rng } from '../random';
import { parsePhrase, phraseText, withNumber, type Phrase } from './phrase';
import { normaliseText, withIndefinite } from './text';

/**
 * The questions programs ask the VQA module: attribute queries about one named object, counts and
 * existence. The oracle answers by parsing them with this grammar; the module datasets render them
 * with small paraphrases; gold programs use the canonical form (variant 0).
 */

/** What a VQA question asks. */
export type VqaQuery =
  | { readonly kind: 'colour' | 'shape' | 'size'; readonly phrase: Phrase }
  | { readonly kind: 'count' | 'exist'; readonly phrase: Phrase };

/** The kinds of {@link VqaQuery}. */
export type VqaKind = VqaQuery['kind'];

type Template = (singular: string, plural: string) => string;

const TEMPLATES: Record<VqaKind, readonly Template[]> = {
  colour: [(s) => `What color is the ${s}?`, (s) => `What colour is the ${s}?`, (s) => `Which color is the ${s}?`],
  shape: [(s) => `What shape is the ${s}?`, (s) => `What is the shape of the ${s}?`],
  size: [(s) => `What size is the ${s}?`, (s) => `Is the ${s} small or large?`, (s) => `Is the ${s} large or small?`],
  count: [
    (_s, p) => `How many ${p} are in the image?`,
    (_s, p) => `How many ${p} are there?`,
    (_s, p) => `How many ${p} are in the picture?`,
  ],
  exist: [
    (s) => `Is there ${withIndefinite(s)} in the image?`,
    (s) => `Is there ${withIndefinite(s)}?`,
    (_s, p) => `Are there any ${p}?`,
    (_s, p) => `Are there any ${p} in the image?`,
  ],
};

/** The canonical text of a query (what gold programs ask), or a paraphrase when `rng` is given. */
export function vqaQuestionText(query: VqaQuery, rng?: Rng): string {
  const templates = TEMPLATES[query.kind];
  const template = rng ? rng.pick(templates) : templates[0];
  return template(phraseText(withNumber(query.phrase, false)), phraseText(withNumber(query.phrase, true)));
}

/** Every rendering of a query, canonical first (used to build the word list and in tests). */
export function vqaQuestionVariants(query: VqaQuery): string[] {
  const s = phraseText(withNumber(query.phrase, false));
  const p = phraseText(withNumber(query.phrase, true));
  return TEMPLATES[query.kind].map((template) => template(s, p));
}

const PATTERNS: ReadonlyArray<readonly [VqaKind, RegExp]> = [
  ['colour', /^(?:what|which) colour is (.+)$/],
  ['colour', /^what is the colour of (.+)$/],
  ['colour', /^what colour does (.+) have$/],
  ['shape', /^(?:what|which) shape is (.+)$/],
  ['shape', /^what is the shape of (.+)$/],
  ['size', /^what size is (.+)$/],
  ['size', /^what is the size of (.+)$/],
  ['size', /^is (.+?) (?:small or large|large or small|small or big|big or small)$/],
  ['size', /^how (?:big|large) is (.+)$/],
  ['count', /^how many (.+?)(?: are there| are in the (?:image|picture)| are visible| can you see| do you see| in the (?:image|picture)| there are)?$/],
  ['exist', /^(?:is there|are there|is there any|are there any) (.+?)(?: in the (?:image|picture))?$/],
  ['exist', /^does the (?:image|picture) (?:contain|have|show) (.+)$/],
];

/**
 * Parses a VQA question of the grammar (any case, spacing, punctuation, `color`/`colour`);
 * returns undefined when it is not one.
 */
export function parseVqaQuestion(question: string): VqaQuery | undefined {
  const text = normaliseText(question);
  for (const [kind, pattern] of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const phrase = parsePhrase(match[1]);
    if (phrase) return { kind, phrase };
  }
  return undefined;
}
