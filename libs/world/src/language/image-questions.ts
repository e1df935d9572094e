import type { Rng } from '../random';
import { parsePhrase, phraseText, withNumber, type Phrase } from './phrase';
import type { Attribute, ImageQuestionSpec, Relation } from './question-spec';
import { capitalise, withIndefinite } from './text';

/**
 * Wordings of the single-image questions (GQA style) and the patterns that read them back. Render
 * and parse live side by side so every wording the generator can produce is one the parser reads.
 */

const sing = (phrase: Phrase): string => phraseText(withNumber(phrase, false));
const plur = (phrase: Phrase): string => phraseText(withNumber(phrase, true));
const a = (phrase: Phrase): string => withIndefinite(sing(phrase));
const ATTRIBUTE_WORD: Record<Attribute, string> = { colour: 'colour', shape: 'shape', size: 'size' };
const RELATION_WORDS: Record<Relation, readonly string[]> = {
  left: ['to the left of', 'left of'],
  right: ['to the right of', 'right of'],
  above: ['above'],
  below: ['below', 'under'],
};

type Render<S> = (spec: S, rng: Rng) => string;
type SpecOf<F extends ImageQuestionSpec['form']> = Extract<ImageQuestionSpec, { form: F }>;

const RENDER: { [F in ImageQuestionSpec['form']]: Render<SpecOf<F>> } = {
  exist: ({ phrase }, rng) =>
    rng.pick([`Is there ${a(phrase)}?`, `Is there ${a(phrase)} in the image?`, `Are there any ${plur(phrase)}?`]),
  count: ({ phrase }, rng) =>
    rng.pick([`How many ${plur(phrase)} are there?`, `How many ${plur(phrase)} are in the image?`, `How many ${plur(phrase)} are in the picture?`]),
  query: ({ attribute, phrase }, rng) => {
    const s = sing(phrase);
    if (attribute === 'colour') return rng.pick([`What colour is the ${s}?`, `What color is the ${s}?`, `Which colour is the ${s}?`]);
    if (attribute === 'shape') return rng.pick([`What shape is the ${s}?`, `What is the shape of the ${s}?`]);
    return rng.pick([`What size is the ${s}?`, `Is the ${s} small or large?`, `Is the ${s} large or small?`]);
  },
  relate: ({ phrase, relation, anchor }, rng) => {
    const where = `${rng.pick(RELATION_WORDS[relation])} the ${sing(anchor)}`;
    return rng.chance(0.7) ? `Is there ${a(phrase)} ${where}?` : `Are there any ${plur(phrase)} ${where}?`;
  },
  compare: ({ attribute, a: first, b: second }, rng) => {
    const word = ATTRIBUTE_WORD[attribute];
    return rng.pick([
      `Is the ${sing(first)} the same ${word} as the ${sing(second)}?`,
      `Does the ${sing(first)} have the same ${word} as the ${sing(second)}?`,
      `Do the ${sing(first)} and the ${sing(second)} have the same ${word}?`,
    ]);
  },
  side: ({ axis, phrase }, rng) =>
    axis === 'x'
      ? rng.pick([`Is the ${sing(phrase)} on the left or right?`, `Is the ${sing(phrase)} on the left or the right?`, `Is the ${sing(phrase)} on the right or left?`])
      : rng.pick([`Is the ${sing(phrase)} at the top or bottom?`, `Is the ${sing(phrase)} at the top or the bottom?`, `Is the ${sing(phrase)} at the bottom or top?`]),
  find: ({ phrase }, rng) => rng.pick([`Find the ${sing(phrase)}.`, `Locate the ${sing(phrase)}.`, `Where is the ${sing(phrase)}?`]),
  tag: ({ target }, rng) =>
    target === 'faces'
      ? rng.pick(['Tag every face with its expression.', 'Label each face with its expression.'])
      : rng.pick(['Tag every object with its shape.', 'Label each object with its shape.']),
};

/** Renders a single-image question with a paraphrase chosen by `rng`. Never throws. */
export function renderImageQuestion(spec: ImageQuestionSpec, rng: Rng): string {
  return capitalise((RENDER[spec.form] as Render<ImageQuestionSpec>)(spec, rng));
}

type Reader = (match: RegExpExecArray) => ImageQuestionSpec | undefined;
const p = (text: string): Phrase | undefined => (/^(?:anything|something)$/.test(text) ? { noun: 'object' } : parsePhrase(text));
const attr = (word: string): Attribute => (word === 'colour' ? 'colour' : word === 'shape' ? 'shape' : 'size');
const rel = (word: string): Relation =>
  word === 'left' ? 'left' : word === 'right' ? 'right' : word === 'above' || word === 'over' ? 'above' : 'below';
const both = <T>(x: T | undefined, y: Phrase | undefined, f: (x: T, y: Phrase) => ImageQuestionSpec): ImageQuestionSpec | undefined =>
  x !== undefined && y !== undefined ? f(x, y) : undefined;
const one = (x: Phrase | undefined, f: (x: Phrase) => ImageQuestionSpec): ImageQuestionSpec | undefined => (x ? f(x) : undefined);

const IN_IMAGE = '(?: in the (?:image|picture|scene))?';
const READERS: ReadonlyArray<readonly [RegExp, Reader]> = [
  [/^(?:tag|label|mark) (?:every|each|all(?: the)?|the) faces?(?: in the image)? with (?:its|their|the) expressions?$/, () => ({ form: 'tag', target: 'faces' })],
  [/^(?:tag|label|mark) (?:every|each|all(?: the)?|the) (?:objects?|shapes?)(?: in the image)? with (?:its|their|the) (?:shapes?|names?)$/, () => ({ form: 'tag', target: 'shapes' })],
  [/^(?:is|does) the (.+?) (?:have )?the same (colour|shape|size) as the (.+)$/, (m) => both(p(m[1]), p(m[3]), (x, y) => ({ form: 'compare', attribute: attr(m[2]), a: x, b: y }))],
  [/^(?:do|are) the (.+?) and the (.+?) (?:have )?the same (colour|shape|size)$/, (m) => both(p(m[1]), p(m[2]), (x, y) => ({ form: 'compare', attribute: attr(m[3]), a: x, b: y }))],
  [/^is the (.+?) (?:on|in|at) the (?:left|right) or (?:on )?(?:the )?(?:left|right)(?: side| half)?(?: of the (?:image|picture))?$/, (m) => one(p(m[1]), (x) => ({ form: 'side', axis: 'x', phrase: x }))],
  [/^is the (.+?) (?:on|in|at) the (?:top|bottom) or (?:at )?(?:the )?(?:top|bottom)(?: half)?(?: of the (?:image|picture))?$/, (m) => one(p(m[1]), (x) => ({ form: 'side', axis: 'y', phrase: x }))],
  [/^(?:is|are) there (.+?) (?:to the |on the )?(left|right) (?:of|side of) the (.+)$/, (m) => both(p(m[1]), p(m[3]), (x, y) => ({ form: 'relate', phrase: x, relation: rel(m[2]), anchor: y }))],
  [/^(?:is|are) there (.+?) (above|over|below|under|beneath|underneath) the (.+)$/, (m) => both(p(m[1]), p(m[3]), (x, y) => ({ form: 'relate', phrase: x, relation: rel(m[2]), anchor: y }))],
  [/^(?:what|which) (colour|shape|size) is the (.+)$/, (m) => one(p(m[2]), (x) => ({ form: 'query', attribute: attr(m[1]), phrase: x }))],
  [/^what is the (colour|shape|size) of the (.+)$/, (m) => one(p(m[2]), (x) => ({ form: 'query', attribute: attr(m[1]), phrase: x }))],
  [/^what (colour|shape) does the (.+) have$/, (m) => one(p(m[2]), (x) => ({ form: 'query', attribute: attr(m[1]), phrase: x }))],
  [/^is the (.+?) (?:small or (?:large|big)|(?:large|big) or small)$/, (m) => one(p(m[1]), (x) => ({ form: 'query', attribute: 'size', phrase: x }))],
  [/^how (?:big|large) is the (.+)$/, (m) => one(p(m[1]), (x) => ({ form: 'query', attribute: 'size', phrase: x }))],
  [new RegExp(`^how many (.+?)(?: are there| are${IN_IMAGE}| can you see| do you see| are visible|${IN_IMAGE})$`), (m) => one(p(m[1]), (x) => ({ form: 'count', phrase: x }))],
  [new RegExp(`^(?:is|are) there (.+?)${IN_IMAGE}$`), (m) => one(p(m[1]), (x) => ({ form: 'exist', phrase: x }))],
  [new RegExp(`^does the (?:image|picture|scene) (?:contain|have|show) (.+)$`), (m) => one(p(m[1]), (x) => ({ form: 'exist', phrase: x }))],
  [/^(?:find|locate|show me|point to|point at|where is|where's) the (.+)$/, (m) => one(p(m[1]), (x) => ({ form: 'find', phrase: x }))],
];

/** Reads a normalised question (see `normaliseText`) back into its spec; undefined if no pattern fits. */
export function readImageQuestion(normalised: string): ImageQuestionSpec | undefined {
  for (const [pattern, read] of READERS) {
    const match = pattern.exec(normalised);
    const spec = match ? read(match) : undefined;
    if (spec) return spec;
  }
  return undefined;
}
