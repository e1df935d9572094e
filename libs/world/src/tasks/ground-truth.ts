import { boxToTuple, centreX, centreY } from '../geometry/box';
import { matchesPhrase, type Phrase } from '../language/phrase';
import type { ImageQuestionSpec, PairStatementSpec, QuestionSpec } from '../language/question-spec';
import type { Scene, ShapeObject } from '../scene';
import type { GoldAnswer } from './task-item';

/**
 * The answer to a question straight from the scene annotations, without any program. Generators
 * accept a draft only when this agrees with the answer they aimed for, and return undefined for
 * questions that are ill-posed on the scene: "the X" that is not unique, an object that sits on the
 * anchor's line, an object too close to the middle to say which half it is in.
 */

/** Half-width of the band around the middle where "left or right?" is ill-posed (CROP pads halves). */
export const SIDE_MARGIN = { below: 4, above: 10 } as const;

const matches = (scene: Scene, phrase: Phrase): ShapeObject[] => scene.objects.filter((o) => matchesPhrase(phrase, o));
const unique = (scene: Scene, phrase: Phrase): ShapeObject | undefined => {
  const found = matches(scene, phrase);
  return found.length === 1 ? found[0] : undefined;
};

function relationHolds(object: ShapeObject, anchor: ShapeObject, relation: 'left' | 'right' | 'above' | 'below'): boolean {
  switch (relation) {
    case 'left':
      return centreX(object.box) < centreX(anchor.box);
    case 'right':
      return centreX(object.box) > centreX(anchor.box);
    case 'above':
      return centreY(object.box) < centreY(anchor.box);
    case 'below':
      return centreY(object.box) > centreY(anchor.box);
  }
}

function imageTruth(spec: ImageQuestionSpec, scene: Scene): GoldAnswer | undefined {
  switch (spec.form) {
    case 'exist':
      return matches(scene, spec.phrase).length > 0 ? 'yes' : 'no';
    case 'count':
      return String(matches(scene, spec.phrase).length);
    case 'query': {
      const target = unique(scene, spec.phrase);
      return target && target[spec.attribute];
    }
    case 'relate': {
      const anchor = unique(scene, spec.anchor);
      if (!anchor || matchesPhrase(spec.phrase, anchor)) return undefined;
      const axis = spec.relation === 'left' || spec.relation === 'right' ? centreX : centreY;
      const others = scene.objects.filter((o) => o.id !== anchor.id);
      if (others.some((o) => axis(o.box) === axis(anchor.box))) return undefined;
      return others.some((o) => matchesPhrase(spec.phrase, o) && relationHolds(o, anchor, spec.relation)) ? 'yes' : 'no';
    }
    case 'compare': {
      const a = unique(scene, spec.a);
      const b = unique(scene, spec.b);
      if (!a || !b || a.id === b.id) return undefined;
      return a[spec.attribute] === b[spec.attribute] ? 'yes' : 'no';
    }
    case 'side': {
      const target = unique(scene, spec.phrase);
      if (!target) return undefined;
      const [c, mid] = spec.axis === 'x' ? [centreX(target.box), scene.width / 2] : [centreY(target.box), scene.height / 2];
      if (c >= mid - SIDE_MARGIN.below && c < mid + SIDE_MARGIN.above) return undefined;
      if (spec.axis === 'x') return c < mid ? 'left' : 'right';
      return c < mid ? 'top' : 'bottom';
    }
    case 'find': {
      const target = unique(scene, spec.phrase);
      return target && { box: boxToTuple(target.box) };
    }
    case 'tag':
      return spec.target === 'faces'
        ? scene.faces.map((face) => ({ box: boxToTuple(face.box), label: face.expression }))
        : scene.objects.map((object) => ({ box: boxToTuple(object.box), label: object.shape }));
  }
}

function pairTruth(spec: PairStatementSpec, left: Scene, right: Scene): boolean {
  const l = matches(left, spec.phrase).length;
  const r = matches(right, spec.phrase).length;
  switch (spec.form) {
    case 'pair-exist':
      return { both: l > 0 && r > 0, one: l > 0 !== r > 0, neither: l === 0 && r === 0, any: l > 0 || r > 0 }[spec.quantifier];
    case 'pair-total':
      return l + r === spec.n;
    case 'pair-compare': {
      const [first, second] = spec.first === 'left' ? [l, r] : [r, l];
      return spec.op === 'more' ? first > second : first < second;
    }
    case 'pair-exactly':
      return (spec.image === 'left' ? l : r) === spec.n;
  }
}

/**
 * The gold answer of `spec` on `scenes` (`[IMAGE]` or `[LEFT, RIGHT]`); undefined when the question
 * is ill-posed on them. Pair statements answer `true`/`false`. Never throws.
 */
export function groundTruth(spec: QuestionSpec, scenes: readonly Scene[]): GoldAnswer | undefined {
  if (spec.form.startsWith('pair-')) {
    if (scenes.length !== 2) return undefined;
    return pairTruth(spec as PairStatementSpec, scenes[0], scenes[1]) ? 'true' : 'false';
  }
  return scenes.length === 1 ? imageTruth(spec as ImageQuestionSpec, scenes[0]) : undefined;
}
