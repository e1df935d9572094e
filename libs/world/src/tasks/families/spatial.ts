import { centreX, centreY } from '../../geometry/box';
import type { Rng } from '../../random';
import type { Phrase } from '../../language/phrase';
import type { Relation } from '../../language/question-spec';
import type { Domain } from '../../vocabulary';
import type { Family } from '../family';
import { SIDE_MARGIN } from '../ground-truth';
import { SPECIFIC_FORMS, describe, pickForm, randomAttributes } from '../phrase-sampler';
import { layout, paintScene, type PaintRule } from '../scene-painter';

/**
 * Families about where things are: relations to a named anchor ("Is there a circle to the left of
 * the red star?", answered with CROP_LEFTOF/RIGHTOF/ABOVE/BELOW) and which half of the image an
 * object is in ("Is the red star on the left or right?").
 */

const RELATIONS: readonly Relation[] = ['left', 'right', 'above', 'below'];
const ANCHOR_FORMS = ['shape', 'colour-shape', 'colour-shape', 'colour-object'] as const;

/** "Is there a … left of/right of/above/below the …?" — half yes, half no. */
export const relateFamily: Family = {
  name: 'relate',
  answers: ['yes', 'no'],
  build(rng: Rng, domain: Domain, answer) {
    const scene = layout(rng, domain, { objects: { min: 3, max: 6 } });
    const relation = rng.pick(RELATIONS);
    const anchor = rng.pick(scene.objects);
    const anchorPhrase = describe(randomAttributes(rng), rng.pick(ANCHOR_FORMS), rng);
    const phrase = describe(randomAttributes(rng), pickForm(rng, SPECIFIC_FORMS), rng);
    const axis = relation === 'left' || relation === 'right' ? centreX : centreY;
    const before = relation === 'left' || relation === 'above';
    const onSide = scene.objects.filter((o) => o.id !== anchor.id && (before ? axis(o.box) < axis(anchor.box) : axis(o.box) > axis(anchor.box)));
    const offSide = scene.objects.filter((o) => o.id !== anchor.id && !onSide.includes(o));
    const fits = (o: { size: string }): boolean => phrase.size === undefined || phrase.size === o.size;
    const rules = new Map<number, PaintRule>([[anchor.id, { must: anchorPhrase, mustNot: [phrase] }]]);
    if (answer === 'yes') {
      const chosen = onSide.filter(fits);
      if (chosen.length === 0) return undefined;
      rules.set(rng.pick(chosen).id, { must: phrase, mustNot: [anchorPhrase] });
    } else {
      for (const o of onSide) rules.set(o.id, { mustNot: [phrase, anchorPhrase] });
      // A matching object on the far side makes "no" a real spatial question.
      const decoys = offSide.filter(fits);
      if (decoys.length > 0 && rng.chance(0.7)) rules.set(rng.pick(decoys).id, { must: phrase, mustNot: [anchorPhrase] });
    }
    const painted = paintScene(rng, scene, rules, { mustNot: [anchorPhrase] });
    return painted && { spec: { form: 'relate', phrase, relation, anchor: anchorPhrase }, scenes: [painted], answer: answer ?? '' };
  },
};

/** "Is the red star on the left or right?" / "… at the top or bottom?" — four answers, uniform. */
export const sideFamily: Family = {
  name: 'side',
  answers: ['left', 'right', 'top', 'bottom'],
  build(rng: Rng, domain: Domain, answer) {
    const scene = layout(rng, domain, { objects: { min: 2, max: 6 } });
    const horizontal = answer === 'left' || answer === 'right';
    const near = answer === 'left' || answer === 'top';
    const mid = (horizontal ? scene.width : scene.height) / 2;
    const candidates = scene.objects.filter((o) => {
      const c = horizontal ? centreX(o.box) : centreY(o.box);
      return near ? c < mid - SIDE_MARGIN.below : c >= mid + SIDE_MARGIN.above;
    });
    if (candidates.length === 0) return undefined;
    const target = rng.pick(candidates);
    const phrase: Phrase = describe({ ...randomAttributes(rng), size: target.size }, rng.pick(ANCHOR_FORMS), rng);
    const painted = paintScene(rng, scene, new Map([[target.id, { must: phrase }]]), { mustNot: [phrase] });
    return painted && { spec: { form: 'side', axis: horizontal ? 'x' : 'y', phrase }, scenes: [painted], answer: answer ?? '' };
  },
};
