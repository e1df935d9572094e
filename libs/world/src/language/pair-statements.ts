import type { Rng } from '../random';
import { parsePhrase, phraseText, withNumber, type Phrase } from './phrase';
import type { PairSide, PairStatementSpec } from './question-spec';
import { capitalise, withIndefinite } from './text';

/**
 * Wordings of the image-pair statements (NLVR style) and the patterns that read them back.
 */

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'] as const;

/** A count as NLVR writes it: a word up to ten, digits beyond. */
export function numberWord(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

/** Reads `three` or `3`; undefined for anything else. */
export function parseNumber(word: string): number | undefined {
  if (/^\d+$/.test(word)) return Number(word);
  const index = (NUMBER_WORDS as readonly string[]).indexOf(word);
  return index >= 0 ? index : undefined;
}

const sing = (phrase: Phrase): string => phraseText(withNumber(phrase, false));
const plur = (phrase: Phrase): string => phraseText(withNumber(phrase, true));
const a = (phrase: Phrase): string => withIndefinite(sing(phrase));
/** `one red circle` / `3 red circles`, with the verb agreeing. */
const counted = (n: number, phrase: Phrase, rng: Rng): string =>
  `${rng.chance(0.7) ? numberWord(n) : String(n)} ${n === 1 ? sing(phrase) : plur(phrase)}`;
const thereBe = (n: number): string => (n === 1 ? 'There is' : 'There are');
const other = (side: PairSide): PairSide => (side === 'left' ? 'right' : 'left');

/** Renders a pair statement with a paraphrase chosen by `rng`. Never throws. */
export function renderPairStatement(spec: PairStatementSpec, rng: Rng): string {
  switch (spec.form) {
    case 'pair-exist': {
      const { phrase } = spec;
      const options = {
        both: [`Both images contain ${a(phrase)}.`, `There is ${a(phrase)} in both images.`, `Each image has at least one ${sing(phrase)}.`],
        one: [`Exactly one image contains ${a(phrase)}.`, `Only one of the images has ${a(phrase)}.`],
        neither: [`Neither image contains ${a(phrase)}.`, `There are no ${plur(phrase)} in either image.`],
        any: [`At least one image contains ${a(phrase)}.`, `There is ${a(phrase)} in at least one image.`],
      }[spec.quantifier];
      return capitalise(rng.pick(options));
    }
    case 'pair-total': {
      const { n, phrase } = spec;
      return rng.pick([
        `${thereBe(n)} ${counted(n, phrase, rng)} in total.`,
        `The two images contain ${counted(n, phrase, rng)} in total.`,
        `In total there ${n === 1 ? 'is' : 'are'} exactly ${counted(n, phrase, rng)}.`,
      ]);
    }
    case 'pair-compare': {
      const { first, op, phrase } = spec;
      return rng.pick([
        `The ${first} image contains ${op} ${plur(phrase)} than the ${other(first)} image.`,
        `The ${first} image has ${op} ${plur(phrase)} than the ${other(first)} one.`,
      ]);
    }
    case 'pair-exactly': {
      const { image, n, phrase } = spec;
      return rng.pick([
        `The ${image} image contains exactly ${counted(n, phrase, rng)}.`,
        `${thereBe(n)} exactly ${counted(n, phrase, rng)} in the ${image} image.`,
      ]);
    }
  }
}

type Reader = (match: RegExpExecArray) => PairStatementSpec | undefined;
const side = (word: string): PairSide => (word === 'left' ? 'left' : 'right');
const withPhrase = (text: string, f: (phrase: Phrase) => PairStatementSpec): PairStatementSpec | undefined => {
  const phrase = parsePhrase(text);
  return phrase ? f(phrase) : undefined;
};
const withCount = (word: string, text: string, f: (n: number, phrase: Phrase) => PairStatementSpec): PairStatementSpec | undefined => {
  const n = parseNumber(word);
  const phrase = parsePhrase(text);
  return n !== undefined && phrase ? f(n, phrase) : undefined;
};
const exist = (quantifier: 'both' | 'one' | 'neither' | 'any'): Reader => (m) =>
  withPhrase(m[1], (phrase) => ({ form: 'pair-exist', quantifier, phrase }));
const HAS = '(?:contains?|has|have|shows?|includes?)';
const IMAGE = '(?:image|picture)';
const ONE_OF = `(?:${IMAGE}|of the ${IMAGE}s|of the two ${IMAGE}s)`;

const READERS: ReadonlyArray<readonly [RegExp, Reader]> = [
  [new RegExp(`^(?:both ${IMAGE}s|each ${IMAGE}|every ${IMAGE}) ${HAS} (?:at least one )?(.+)$`), exist('both')],
  [new RegExp(`^there (?:is|are) (.+?) in both ${IMAGE}s$`), exist('both')],
  [new RegExp(`^(?:exactly|only) one ${ONE_OF} ${HAS} (.+)$`), exist('one')],
  [new RegExp(`^neither ${IMAGE} ${HAS} (.+)$`), exist('neither')],
  [new RegExp(`^there (?:is|are) no (.+?) in either ${IMAGE}$`), exist('neither')],
  [new RegExp(`^at least one ${ONE_OF} ${HAS} (.+)$`), exist('any')],
  [new RegExp(`^there (?:is|are) (.+?) in at least one ${ONE_OF}$`), exist('any')],
  [/^there (?:is|are) (?:exactly )?(\w+) (.+?) in total$/, (m) => withCount(m[1], m[2], (n, phrase) => ({ form: 'pair-total', phrase, n }))],
  [new RegExp(`^the (?:two|2) ${IMAGE}s ${HAS} (?:exactly )?(\\w+) (.+?) in total$`), (m) => withCount(m[1], m[2], (n, phrase) => ({ form: 'pair-total', phrase, n }))],
  [/^in total there (?:is|are) (?:exactly )?(\w+) (.+)$/, (m) => withCount(m[1], m[2], (n, phrase) => ({ form: 'pair-total', phrase, n }))],
  [
    new RegExp(`^the (left|right) ${IMAGE} ${HAS} (more|fewer|less) (.+?) than the (?:left|right) (?:${IMAGE}|one)$`),
    (m) => withPhrase(m[3], (phrase) => ({ form: 'pair-compare', phrase, first: side(m[1]), op: m[2] === 'more' ? 'more' : 'fewer' })),
  ],
  [new RegExp(`^the (left|right) ${IMAGE} ${HAS} exactly (\\w+) (.+)$`), (m) => withCount(m[2], m[3], (n, phrase) => ({ form: 'pair-exactly', phrase, image: side(m[1]), n }))],
  [new RegExp(`^there (?:is|are) exactly (\\w+) (.+?) in the (left|right) ${IMAGE}$`), (m) => withCount(m[1], m[2], (n, phrase) => ({ form: 'pair-exactly', phrase, image: side(m[3]), n }))],
];

/** Reads a normalised statement (see `normaliseText`) back into its spec; undefined if no pattern fits. */
export function readPairStatement(normalised: string): PairStatementSpec | undefined {
  for (const [pattern, read] of READERS) {
    const match = pattern.exec(normalised);
    const spec = match ? read(match) : undefined;
    if (spec) return spec;
  }
  return undefined;
}
