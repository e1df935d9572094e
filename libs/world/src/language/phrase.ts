import type { ShapeObject } from '../scene';
import { COLOURS, SHAPES, SIZES, type Colour, type Shape, type Size } from '../vocabulary';

/**
 * Referring phrases: what LOC is asked to find and what questions name ("red star", "small blue
 * squares", "large object"). One grammar renders, parses and matches them, so the generator, the
 * oracle and the template parser can never disagree about what a phrase means.
 */

/** The generic nouns a phrase can use instead of a shape name. */
export const GENERIC_NOUNS = ['object', 'shape'] as const;
/** One of {@link GENERIC_NOUNS}. */
export type GenericNoun = (typeof GENERIC_NOUNS)[number];

/** A referring phrase: optional size and colour, and a shape or a generic noun. */
export interface Phrase {
  readonly size?: Size;
  readonly colour?: Colour;
  readonly shape?: Shape;
  /** The generic noun used when `shape` is absent (default `object`). */
  readonly noun?: GenericNoun;
  readonly plural?: boolean;
}

/** The text of a phrase, e.g. `small red stars`; no article. */
export function phraseText(phrase: Phrase): string {
  const noun = phrase.shape ?? phrase.noun ?? 'object';
  const words = [phrase.size, phrase.colour, phrase.plural ? `${noun}s` : noun];
  return words.filter((word): word is string => word !== undefined).join(' ');
}

/** The same phrase made plural or singular. */
export function withNumber(phrase: Phrase, plural: boolean): Phrase {
  return { ...phrase, plural };
}

/** Whether an object is one the phrase refers to (the generic noun matches every shape). */
export function matchesPhrase(phrase: Phrase, object: ShapeObject): boolean {
  return (
    (phrase.size === undefined || phrase.size === object.size) &&
    (phrase.colour === undefined || phrase.colour === object.colour) &&
    (phrase.shape === undefined || phrase.shape === object.shape)
  );
}

/** Whether every object matching `narrow` also matches `wide` (e.g. "red star" ⊂ "star"). */
export function phraseImplies(narrow: Phrase, wide: Phrase): boolean {
  return (
    (wide.size === undefined || wide.size === narrow.size) &&
    (wide.colour === undefined || wide.colour === narrow.colour) &&
    (wide.shape === undefined || wide.shape === narrow.shape)
  );
}

const ARTICLES = new Set(['the', 'a', 'an', 'any', 'some']);
const SIZE_SYNONYMS: Record<string, Size> = { small: 'small', little: 'small', tiny: 'small', large: 'large', big: 'large' };
const NOUN_SYNONYMS: Record<string, GenericNoun> = { object: 'object', shape: 'shape', thing: 'object', item: 'object' };

/**
 * Parses a phrase such as `the small blue squares` or `Red Object`; returns undefined when the text
 * is not a phrase of the grammar. Accepts synonyms (`big`, `little`, `thing`) and
 * articles, so hand-written paraphrases still parse.
 */
export function parsePhrase(text: string): Phrase | undefined {
  const words = text
    .toLowerCase()
    .replace(/[^a-z\s]/g, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 0);
  while (words.length > 0 && ARTICLES.has(words[0])) words.shift();
  if (words.length === 0 || words.length > 3) return undefined;
  const head = words[words.length - 1];
  const noun = parseNoun(head);
  if (noun === undefined) return undefined;
  let size: Size | undefined;
  let colour: Colour | undefined;
  for (const word of words.slice(0, -1)) {
    if (word in SIZE_SYNONYMS && size === undefined && colour === undefined) size = SIZE_SYNONYMS[word];
    else if ((COLOURS as readonly string[]).includes(word) && colour === undefined) colour = word as Colour;
    else return undefined;
  }
  return { ...noun, ...(size ? { size } : {}), ...(colour ? { colour } : {}) };
}

function parseNoun(word: string): Pick<Phrase, 'shape' | 'noun' | 'plural'> | undefined {
  for (const [form, plural] of [
    [word, false],
    [word.endsWith('s') ? word.slice(0, -1) : '', true],
  ] as const) {
    if ((SHAPES as readonly string[]).includes(form)) return { shape: form as Shape, plural };
    if (form in NOUN_SYNONYMS) return { noun: NOUN_SYNONYMS[form], plural };
  }
  return undefined;
}

/** Every word a phrase can contain (canonical forms and accepted synonyms, plurals included). */
export function phraseWords(): string[] {
  const nouns = [...SHAPES, ...Object.keys(NOUN_SYNONYMS)];
  return [...SIZES, ...Object.keys(SIZE_SYNONYMS), ...COLOURS, ...nouns, ...nouns.map((noun) => `${noun}s`), ...ARTICLES];
}
