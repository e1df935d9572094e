import type { Rng } from '../random';
import type { ShapeObject } from '../scene';
import type { Phrase } from '../language/phrase';
import { COLOURS, SHAPES, SIZES } from '../vocabulary';

/**
 * Which attributes a phrase names, and how often generators use each form. The mix follows what
 * programs ask LOC for: a shape, a colour and shape, a colour and "object", a size with more, or a
 * bare "object"/"shape".
 */
export type PhraseForm = 'shape' | 'colour-shape' | 'colour-object' | 'size-shape' | 'size-colour-shape' | 'size-colour-object' | 'size-object' | 'object';

const FORMS: ReadonlyArray<readonly [PhraseForm, number]> = [
  ['shape', 0.22],
  ['colour-shape', 0.3],
  ['colour-object', 0.18],
  ['size-shape', 0.08],
  ['size-colour-shape', 0.08],
  ['size-colour-object', 0.05],
  ['size-object', 0.05],
  ['object', 0.04],
];

/** Picks from weighted options. Never throws for a non-empty list. */
export function weightedPick<T>(rng: Rng, options: ReadonlyArray<readonly [T, number]>): T {
  const total = options.reduce((sum, [, weight]) => sum + weight, 0);
  let r = rng.next() * total;
  for (const [value, weight] of options) {
    r -= weight;
    if (r < 0) return value;
  }
  return options[options.length - 1][0];
}

/** A phrase form from the mix, optionally restricted to `allowed`. */
export function pickForm(rng: Rng, allowed?: readonly PhraseForm[]): PhraseForm {
  const options = allowed ? FORMS.filter(([form]) => allowed.includes(form)) : FORMS;
  return weightedPick(rng, options);
}

/** The phrase of the given form that describes `object` (a generic noun is `object` or `shape`). */
export function describe(object: Pick<ShapeObject, 'shape' | 'colour' | 'size'>, form: PhraseForm, rng: Rng): Phrase {
  const noun = rng.chance(0.8) ? ('object' as const) : ('shape' as const);
  switch (form) {
    case 'shape':
      return { shape: object.shape };
    case 'colour-shape':
      return { colour: object.colour, shape: object.shape };
    case 'colour-object':
      return { colour: object.colour, noun };
    case 'size-shape':
      return { size: object.size, shape: object.shape };
    case 'size-colour-shape':
      return { size: object.size, colour: object.colour, shape: object.shape };
    case 'size-colour-object':
      return { size: object.size, colour: object.colour, noun };
    case 'size-object':
      return { size: object.size, noun };
    case 'object':
      return { noun };
  }
}

/** Random attributes, for phrases that need not describe an object of the scene. */
export function randomAttributes(rng: Rng): Pick<ShapeObject, 'shape' | 'colour' | 'size'> {
  return { shape: rng.pick(SHAPES), colour: rng.pick(COLOURS), size: rng.pick(SIZES) };
}

/** A random phrase of a random form (optionally restricted). */
export function randomPhrase(rng: Rng, allowed?: readonly PhraseForm[]): Phrase {
  return describe(randomAttributes(rng), pickForm(rng, allowed), rng);
}

/** Forms that name at least one attribute (a bare "object" would match everything). */
export const SPECIFIC_FORMS: readonly PhraseForm[] = ['shape', 'colour-shape', 'colour-object', 'size-shape', 'size-colour-shape', 'size-colour-object', 'size-object'];
/** Forms that identify one object without naming its colour. */
export const COLOURLESS_FORMS: readonly PhraseForm[] = ['shape', 'size-shape'];
/** Forms that identify one object without naming its shape. */
export const SHAPELESS_FORMS: readonly PhraseForm[] = ['colour-object', 'size-colour-object'];
/** Forms that identify one object without naming its size. */
export const SIZELESS_FORMS: readonly PhraseForm[] = ['shape', 'colour-shape', 'colour-object'];
