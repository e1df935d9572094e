import type { Rng } from '../../random';
import type { Phrase } from '../../language/phrase';
import type { PairStatementSpec } from '../../language/question-spec';
import type { Domain } from '../../vocabulary';
import type { Draft, Family } from '../family';
import { SPECIFIC_FORMS, randomPhrase } from '../phrase-sampler';
import { layout } from '../scene-painter';
import { paintCount } from './counting';

/**
 * NLVR-style statements about an image pair. Each family picks the truth value first, then the
 * per-image counts of the phrase's referents that make the statement true or false, then paints
 * both images to hold exactly those counts.
 */

type Counts = readonly [number, number];

/** Two images with exactly `counts` referents of `phrase`; undefined if a layout cannot hold them. */
function paintPair(rng: Rng, domain: Domain, phrase: Phrase, counts: Counts, spec: PairStatementSpec, answer: string): Draft | undefined {
  const scenes = [];
  for (const [i, n] of counts.entries()) {
    const scene = layout(rng.fork(`image-${i}`), domain, { objects: { min: Math.max(1, n), max: Math.max(5, n + 2) } });
    const painted = paintCount(rng, scene, phrase, n);
    if (!painted) return undefined;
    scenes.push(painted);
  }
  return { spec, scenes, answer };
}

const some = (rng: Rng): number => rng.int(1, 4);
const pick = (rng: Rng, options: readonly Counts[]): Counts => rng.pick(options);

/** Counts that make a quantified existence statement true or false. */
function existCounts(rng: Rng, quantifier: 'both' | 'one' | 'neither' | 'any', truth: boolean): Counts {
  const yes = some(rng);
  const alsoYes = some(rng);
  const one = pick(rng, [[yes, 0], [0, yes]]);
  switch (quantifier) {
    case 'both':
      return truth ? [yes, alsoYes] : pick(rng, [...[one, one], [0, 0]]);
    case 'one':
      return truth ? one : pick(rng, [[yes, alsoYes], [0, 0]]);
    case 'neither':
      return truth ? [0, 0] : pick(rng, [one, one, [yes, alsoYes]]);
    case 'any':
      return truth ? pick(rng, [one, one, [yes, alsoYes]]) : [0, 0];
  }
}

/** "Both images contain a red circle." / "Exactly one image contains a star." / "Neither …" / "At least one …" */
export const pairExistFamily: Family = {
  name: 'pair-exist',
  answers: ['true', 'false'],
  build(rng: Rng, domain: Domain, answer) {
    const quantifier = rng.pick(['both', 'one', 'neither', 'any'] as const);
    const phrase = randomPhrase(rng, SPECIFIC_FORMS);
    const counts = existCounts(rng, quantifier, answer === 'true');
    return paintPair(rng, domain, phrase, counts, { form: 'pair-exist', quantifier, phrase }, answer ?? '');
  },
};

/** "There are three red circles in total." */
export const pairTotalFamily: Family = {
  name: 'pair-total',
  answers: ['true', 'false'],
  build(rng: Rng, domain: Domain, answer) {
    const phrase = randomPhrase(rng, SPECIFIC_FORMS);
    const counts: Counts = [rng.int(0, 4), rng.int(0, 4)];
    const total = counts[0] + counts[1];
    const n = answer === 'true' ? total : Math.max(0, total + rng.pick([-2, -1, 1, 1, 2]));
    if (answer !== 'true' && n === total) return undefined;
    return paintPair(rng, domain, phrase, counts, { form: 'pair-total', phrase: { ...phrase, plural: n !== 1 }, n }, answer ?? '');
  },
};

/** "The left image contains more stars than the right image." (or fewer) */
export const pairCompareFamily: Family = {
  name: 'pair-compare',
  answers: ['true', 'false'],
  build(rng: Rng, domain: Domain, answer) {
    const phrase = randomPhrase(rng, SPECIFIC_FORMS);
    const first = rng.pick(['left', 'right'] as const);
    const op = rng.pick(['more', 'fewer'] as const);
    const a = rng.int(0, 4);
    const b = rng.int(0, 4);
    const holds = op === 'more' ? a > b : a < b;
    if (holds !== (answer === 'true')) return undefined;
    const counts: Counts = first === 'left' ? [a, b] : [b, a];
    return paintPair(rng, domain, phrase, counts, { form: 'pair-compare', phrase: { ...phrase, plural: true }, first, op }, answer ?? '');
  },
};

/** "The left image contains exactly two green objects." */
export const pairExactlyFamily: Family = {
  name: 'pair-exactly',
  answers: ['true', 'false'],
  build(rng: Rng, domain: Domain, answer) {
    const phrase = randomPhrase(rng, SPECIFIC_FORMS);
    const image = rng.pick(['left', 'right'] as const);
    const n = rng.int(1, 4);
    const actual = answer === 'true' ? n : rng.pick([0, 1, 2, 3, 4].filter((k) => k !== n));
    const counts: Counts = image === 'left' ? [actual, rng.int(0, 4)] : [rng.int(0, 4), actual];
    return paintPair(rng, domain, phrase, counts, { form: 'pair-exactly', phrase: { ...phrase, plural: n !== 1 }, image, n }, answer ?? '');
  },
};
