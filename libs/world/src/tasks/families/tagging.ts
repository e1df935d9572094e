import type { Rng } from '../../random';
import { EXPRESSIONS, type Domain } from '../../vocabulary';
import type { Family } from '../family';
import { pickForm, describe, randomAttributes, SPECIFIC_FORMS } from '../phrase-sampler';
import { layout, paintScene } from '../scene-painter';
import { paintReferents } from './attributes';

/**
 * Families whose answer is boxes: tag every face with its expression (face-tag), tag every object
 * with its shape (shape-tag), and find the one object a referring phrase names (refexp).
 */

/** "Tag every face with its expression." on scenes with 1–3 faces, 0–3 decoys and some shapes. */
export const tagFacesFamily: Family = {
  name: 'tag-faces',
  build(rng: Rng, domain: Domain) {
    const scene = layout(rng, domain, { objects: { min: 0, max: 3 }, faces: { min: 1, max: 3 }, decoys: { min: 0, max: 3 } });
    // Expressions are drawn afresh so that every expression is equally common.
    const faces = scene.faces.map((face) => ({ ...face, expression: rng.pick(EXPRESSIONS) }));
    const painted = paintScene(rng, { ...scene, faces }, new Map());
    return painted && { spec: { form: 'tag', target: 'faces' }, scenes: [painted], answer: [] };
  },
};

/** "Tag every object with its shape." on scenes with 2–6 objects. */
export const tagShapesFamily: Family = {
  name: 'tag-shapes',
  build(rng: Rng, domain: Domain) {
    const scene = layout(rng, domain, { objects: { min: 2, max: 6 } });
    const painted = paintScene(rng, scene, new Map());
    return painted && { spec: { form: 'tag', target: 'shapes' }, scenes: [painted], answer: [] };
  },
};

/** "Find the small blue square." — the referent is unique; the answer is its box. */
export const findFamily: Family = {
  name: 'find',
  build(rng: Rng, domain: Domain) {
    const scene = layout(rng, domain, { objects: { min: 2, max: 6 } });
    const target = rng.pick(scene.objects);
    const phrase = describe({ ...randomAttributes(rng), size: target.size }, pickForm(rng, SPECIFIC_FORMS), rng);
    const painted = paintReferents(rng, scene, [[target, phrase, {}]]);
    return painted && { spec: { form: 'find', phrase }, scenes: [painted], answer: [] };
  },
};
