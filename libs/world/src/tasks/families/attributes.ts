import type { Rng } from '../../random';
import type { Scene, ShapeObject } from '../../scene';
import type { Phrase } from '../../language/phrase';
import { COLOURS, SHAPES, SIZES, type Colour, type Domain, type Shape } from '../../vocabulary';
import type { Family } from '../family';
import { COLOURLESS_FORMS, SHAPELESS_FORMS, SIZELESS_FORMS, describe, pickForm, randomAttributes } from '../phrase-sampler';
import { layout, paintScene, type PaintRule } from '../scene-painter';

/**
 * Families that ask about the attributes of one named object ("What colour is the star?", "Is the
 * red object small or large?") or compare two named objects ("Is the star the same colour as the
 * circle?"). Every referent is unique: the other objects are painted so the phrase misses them.
 */

/**
 * Paints `targets` (object → its full attributes) and keeps every other object off every phrase in
 * `referents`, so each referent names exactly its target.
 */
export function paintReferents(
  rng: Rng,
  scene: Scene,
  targets: ReadonlyArray<readonly [ShapeObject, Phrase, Partial<Pick<ShapeObject, 'shape' | 'colour'>>]>,
): Scene | undefined {
  const referents = targets.map(([, phrase]) => phrase);
  const rules = new Map<number, PaintRule>();
  for (const [object, phrase, extra] of targets) {
    rules.set(object.id, { must: { ...phrase, ...extra }, mustNot: referents.filter((other) => other !== phrase) });
  }
  return paintScene(rng, scene, rules, { mustNot: referents });
}

/** A single-referent query family for one attribute. */
function queryFamily(attribute: 'colour' | 'shape' | 'size', name: string): Family {
  const answers: readonly string[] = attribute === 'colour' ? COLOURS : attribute === 'shape' ? SHAPES : SIZES;
  const forms = attribute === 'colour' ? COLOURLESS_FORMS : attribute === 'shape' ? SHAPELESS_FORMS : SIZELESS_FORMS;
  return {
    name,
    answers,
    build(rng: Rng, domain: Domain, answer) {
      const scene = layout(rng, domain, { objects: { min: 2, max: 6 } });
      const candidates = attribute === 'size' ? scene.objects.filter((o) => o.size === answer) : scene.objects;
      if (candidates.length === 0) return undefined;
      const target = rng.pick(candidates);
      const wanted = { ...randomAttributes(rng), size: target.size, [attribute]: answer };
      const phrase = describe(wanted, pickForm(rng, forms), rng);
      const extra = attribute === 'colour' ? { colour: answer as Colour } : attribute === 'shape' ? { shape: answer as Shape } : {};
      const painted = paintReferents(rng, scene, [[target, phrase, extra]]);
      return painted && { spec: { form: 'query', attribute, phrase }, scenes: [painted], answer: answer ?? '' };
    },
  };
}

/** "What colour is the star?" — the eight colours, uniform. */
export const queryColourFamily = queryFamily('colour', 'query-colour');
/** "What shape is the red object?" — the six shapes, uniform. */
export const queryShapeFamily = queryFamily('shape', 'query-shape');
/** "What size is the red star?" — small or large, half each (size-qa). */
export const querySizeFamily = queryFamily('size', 'query-size');

/** "Is the star the same colour as the circle?" / "Is the red object the same shape as the blue object?" */
export const compareFamily: Family = {
  name: 'compare',
  answers: ['yes', 'no'],
  build(rng: Rng, domain: Domain, answer) {
    const scene = layout(rng, domain, { objects: { min: 2, max: 6 } });
    const [t1, t2] = rng.shuffle([...scene.objects]);
    const same = answer === 'yes';
    if (rng.chance(0.6)) {
      const [s1, s2] = rng.shuffle([...SHAPES]);
      const [c1, c2] = rng.shuffle([...COLOURS]);
      const a: Phrase = rng.chance(0.8) ? { shape: s1 } : { shape: s1, size: t1.size };
      const b: Phrase = { shape: s2 };
      const painted = paintReferents(rng, scene, [
        [t1, a, { colour: c1 }],
        [t2, b, { colour: same ? c1 : c2 }],
      ]);
      return painted && { spec: { form: 'compare', attribute: 'colour', a, b }, scenes: [painted], answer: answer ?? '' };
    }
    const [c1, c2] = rng.shuffle([...COLOURS]);
    const [s1, s2] = rng.shuffle([...SHAPES]);
    const a: Phrase = { colour: c1, noun: 'object' };
    const b: Phrase = { colour: c2, noun: 'object' };
    const painted = paintReferents(rng, scene, [
      [t1, a, { shape: s1 }],
      [t2, b, { shape: same ? s1 : s2 }],
    ]);
    return painted && { spec: { form: 'compare', attribute: 'shape', a, b }, scenes: [painted], answer: answer ?? '' };
  },
};
