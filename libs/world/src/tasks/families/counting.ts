import type { Rng } from '../../random';
import type { Scene } from '../../scene';
import type { Phrase } from '../../language/phrase';
import type { Domain } from '../../vocabulary';
import type { Family } from '../family';
import { SPECIFIC_FORMS, randomPhrase } from '../phrase-sampler';
import { layout, paintScene, type PaintRule } from '../scene-painter';

/**
 * Painting a scene so that exactly `n` of its objects match a phrase, and the two GQA families
 * built on it: existence ("Is there a red star?") and counting ("How many circles are there?").
 */

/**
 * Repaints `scene` so that exactly `n` objects match `phrase` (objects of the wrong size for the
 * phrase are never chosen). Returns undefined when the layout cannot hold `n` matches.
 */
export function paintCount(rng: Rng, scene: Scene, phrase: Phrase, n: number): Scene | undefined {
  const eligible = scene.objects.filter((object) => phrase.size === undefined || object.size === phrase.size);
  if (eligible.length < n) return undefined;
  const chosen = new Set(rng.shuffle([...eligible]).slice(0, n).map((object) => object.id));
  const rules = new Map<number, PaintRule>();
  for (const object of scene.objects) rules.set(object.id, chosen.has(object.id) ? { must: phrase } : { mustNot: [phrase] });
  return paintScene(rng, scene, rules);
}

/** The counts the counting family balances over (none above 35% by construction). */
export const COUNT_ANSWERS = ['0', '1', '2', '3', '4'] as const;

/** "Is there a …?" — half yes, half no. */
export const existFamily: Family = {
  name: 'exist',
  answers: ['yes', 'no'],
  build(rng: Rng, domain: Domain, answer) {
    const phrase = randomPhrase(rng, SPECIFIC_FORMS);
    const scene = layout(rng, domain, { objects: { min: 2, max: 6 } });
    const n = answer === 'yes' ? rng.int(1, 3) : 0;
    const painted = paintCount(rng, scene, phrase, n);
    return painted && { spec: { form: 'exist', phrase }, scenes: [painted], answer: answer ?? 'no' };
  },
};

/** "How many … are there?" — answers 0–4, uniform. */
export const countFamily: Family = {
  name: 'count',
  answers: COUNT_ANSWERS,
  build(rng: Rng, domain: Domain, answer) {
    const n = Number(answer ?? '0');
    const phrase = randomPhrase(rng, SPECIFIC_FORMS);
    const scene = layout(rng, domain, { objects: { min: Math.max(2, n), max: Math.max(6, n + 2) } });
    const painted = paintCount(rng, scene, phrase, n);
    return painted && { spec: { form: 'count', phrase: { ...phrase, plural: true } }, scenes: [painted], answer: String(n) };
  },
};
