import { boxToTuple, centreInside, fullRect } from '../geometry/box';
import { paddedCrop } from '../geometry/views';
import { phraseText, withNumber, type Phrase } from '../language/phrase';
import { vqaQuestionText, type VqaQuery } from '../language/vqa-question';
import { answerInView, facesInView, objectsInView } from '../oracle/scene-answers';
import type { Rng } from '../random';
import type { Box, Scene } from '../scene';
import { COLOURLESS_FORMS, SHAPELESS_FORMS, SIZELESS_FORMS, SPECIFIC_FORMS, describe, pickForm, randomPhrase, type PhraseForm } from '../tasks/phrase-sampler';
import { paintCount } from '../tasks/families/counting';
import type { Domain } from '../vocabulary';
import type { ClassifyItem, FacedetItem, LocItem, VqaItem } from './module-items';
import { countingView, programView } from './program-views';

/**
 * Builders of the items of one image for each module. Targets come from the same functions the
 * oracle answers with, so a dataset teaches a module exactly what the gold answers expect.
 */

/** What every builder gets: the image's scene, file, domain and random stream. */
export interface ImageContext {
  readonly rng: Rng;
  readonly scene: Scene;
  readonly image: string;
  readonly domain: Domain;
}

const inView = (scene: Scene, view: Box) => scene.objects.filter((object) => centreInside(object.box, view));

/** A phrase with no match in `view`, or undefined if 40 random phrases all match something. */
function negativePhrase(rng: Rng, scene: Scene, view: Box): Phrase | undefined {
  for (let i = 0; i < 40; i++) {
    const phrase = randomPhrase(rng, SPECIFIC_FORMS);
    if (objectsInView(scene, view, phrase).length === 0) return phrase;
  }
  return undefined;
}

/** A phrase naming an object in `view` (any form), plural when it names several and the dice say so. */
function positivePhrase(rng: Rng, scene: Scene, view: Box, forms?: readonly PhraseForm[]): Phrase | undefined {
  const candidates = inView(scene, view);
  if (candidates.length === 0) return undefined;
  const phrase = describe(rng.pick(candidates), pickForm(rng, forms), rng);
  return withNumber(phrase, objectsInView(scene, view, phrase).length > 1 && rng.chance(0.6));
}

/** LOC items: ~25% negatives; views as programs make them. */
export function locItems(ctx: ImageContext, count: number): LocItem[] {
  const { rng, scene } = ctx;
  const items: LocItem[] = [];
  for (let i = 0; i < count; i++) {
    const view = programView(rng, scene);
    const phrase = (rng.chance(0.25) ? negativePhrase(rng, scene, view) : undefined) ?? positivePhrase(rng, scene, view) ?? negativePhrase(rng, scene, view);
    if (!phrase) continue;
    const boxes = objectsInView(scene, view, phrase).map((o) => boxToTuple(o.box));
    items.push({ image: ctx.image, domain: ctx.domain, view: boxToTuple(view), phrase: phraseText(phrase), boxes });
  }
  return items;
}

/** FACEDET items: the whole image, or a half now and then. */
export function facedetItems(ctx: ImageContext): FacedetItem[] {
  const view = countingView(ctx.rng, ctx.scene);
  const boxes = facesInView(ctx.scene, view).map((face) => boxToTuple(face.box));
  return [{ image: ctx.image, domain: ctx.domain, view: boxToTuple(view), boxes }];
}

/** CLASSIFY items: every object (shape, colour, size) and every face (expression) of the image. */
export function classifyItems(ctx: ImageContext): ClassifyItem[] {
  const base = { image: ctx.image, domain: ctx.domain };
  return [
    ...ctx.scene.objects.map((o): ClassifyItem => ({ ...base, box: boxToTuple(o.box), kind: 'shape', labels: { shape: o.shape, colour: o.colour, size: o.size } })),
    ...ctx.scene.faces.map((f): ClassifyItem => ({ ...base, box: boxToTuple(f.box), kind: 'face', labels: { expression: f.expression } })),
  ];
}

const ATTRIBUTE_FORMS = { colour: COLOURLESS_FORMS, shape: SHAPELESS_FORMS, size: SIZELESS_FORMS } as const;

/** One VQA query with its view, as the gold programs ask them; undefined when the dice miss. */
function vqaQuery(rng: Rng, scene: Scene): { view: Box; query: VqaQuery } | undefined {
  const full = fullRect(scene.width, scene.height);
  const r = rng.next();
  if (r < 0.45) {
    // Attribute question on the CROP of one object, naming it without the asked attribute.
    const kind = rng.pick(['colour', 'colour', 'shape', 'shape', 'size'] as const);
    const target = rng.pick(scene.objects);
    // Size questions see the whole image, as the gold programs ask them (see gold-program.ts).
    const view = kind === 'size' ? full : paddedCrop(full, target.box);
    const form = rng.chance(0.15) ? 'object' : pickForm(rng, ATTRIBUTE_FORMS[kind]);
    return { view, query: { kind, phrase: describe(target, form, rng) } };
  }
  const view = countingView(rng, scene);
  if (r < 0.75) {
    const phrase = rng.chance(0.5) ? positivePhrase(rng, scene, view, SPECIFIC_FORMS) : negativePhrase(rng, scene, view);
    return phrase && { view, query: { kind: 'exist', phrase } };
  }
  // Counts: every phrase that describes an object in view, grouped by its count; pick a count
  // uniformly among those reachable in 0..4 (0 from a negative phrase), then a phrase with it.
  const byCount = new Map<number, Phrase[]>();
  for (const object of inView(scene, view)) {
    for (const form of SPECIFIC_FORMS) {
      const phrase = describe(object, form, rng);
      const n = objectsInView(scene, view, phrase).length;
      if (n <= 4) byCount.set(n, [...(byCount.get(n) ?? []), phrase]);
    }
  }
  const negative = negativePhrase(rng, scene, view);
  if (negative) byCount.set(0, [negative]);
  const counts = [...byCount.keys()].sort((a, b) => a - b);
  if (counts.length === 0) return undefined;
  const phrase = rng.pick(byCount.get(rng.pick(counts)) ?? []);
  return { view, query: { kind: 'count', phrase: withNumber(phrase, true) } };
}

/**
 * Half of the VQA images are repainted so that a phrase has exactly `n` referents, `n` uniform in
 * 0..4, and lead with that count question: natural scenes rarely hold three or four of a kind, yet
 * NLVR programs ask for such counts. Returns the scene unchanged (and no query) otherwise.
 */
export function paintForCounting(rng: Rng, scene: Scene): { scene: Scene; lead?: { view: Box; query: VqaQuery } } {
  if (rng.chance(0.5)) return { scene };
  const n = rng.int(0, 5);
  for (let attempt = 0; attempt < 20; attempt++) {
    const phrase = randomPhrase(rng, SPECIFIC_FORMS);
    const painted = paintCount(rng, scene, phrase, n);
    if (painted) return { scene: painted, lead: { view: fullRect(scene.width, scene.height), query: { kind: 'count', phrase: withNumber(phrase, true) } } };
  }
  return { scene };
}

/** VQA items: attribute queries on one-object crops, counts and existence on whole images or halves. */
export function vqaItems(ctx: ImageContext, count: number, lead?: { view: Box; query: VqaQuery }): VqaItem[] {
  const items: VqaItem[] = [];
  for (let i = 0; i < count && ctx.scene.objects.length > 0; i++) {
    const asked = i === 0 && lead ? lead : vqaQuery(ctx.rng, ctx.scene);
    if (!asked) continue;
    const question = vqaQuestionText(asked.query, ctx.rng);
    const { answer, score } = answerInView(ctx.scene, asked.view, question);
    if (score > 0) items.push({ image: ctx.image, domain: ctx.domain, view: boxToTuple(asked.view), question, answer });
  }
  return items;
}
