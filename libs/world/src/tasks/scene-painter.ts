import { createWorldError, isWorldError } from '../errors';
import type { Rng } from '../random';
import type { Box, Scene, ShapeObject } from '../scene';
import { generateScene } from '../scene-gen';
import { matchesPhrase, type Phrase } from '../language/phrase';
import { COLOURS, SHAPES, type Domain } from '../vocabulary';
import { reshapeBox } from './reshape';

/**
 * Builds the scene a question needs: the scene generator lays out objects (positions, sizes, faces,
 * decoys), then the painter chooses each object's shape and colour so that the chosen answer holds.
 * Choosing the answer first and painting the scene to fit is what keeps the answers balanced.
 */

/** How many objects, faces and decoys a layout holds. */
export interface LayoutCounts {
  readonly objects: { readonly min: number; readonly max: number };
  readonly faces?: { readonly min: number; readonly max: number };
  readonly decoys?: { readonly min: number; readonly max: number };
}

/** The side of a scene used by every task (128×128). */
export const SCENE_SIZE = 128;

/** A random layout from the scene generator; shapes and colours are repainted afterwards. */
export function layout(rng: Rng, domain: Domain, counts: LayoutCounts): Scene {
  return generateScene(rng, {
    domain,
    width: SCENE_SIZE,
    height: SCENE_SIZE,
    objects: counts.objects,
    faces: counts.faces ?? { min: 0, max: 0 },
    decoys: counts.decoys ?? { min: 0, max: 0 },
  });
}

/** What one object must (and must not) be referred to by. */
export interface PaintRule {
  readonly must?: Phrase;
  readonly mustNot?: readonly Phrase[];
}

/**
 * Repaints one object (shape and colour; size stays with the layout) so that it matches
 * `rule.must` and none of `rule.mustNot`, fitting its new box among `others`. Returns undefined
 * when no paint satisfies the rule (e.g. the object's size contradicts `must`).
 */
export function paintObject(rng: Rng, scene: Scene, object: ShapeObject, rule: PaintRule, others: readonly Box[]): ShapeObject | undefined {
  const must = rule.must ?? {};
  if (must.size !== undefined && must.size !== object.size) return undefined;
  for (let attempt = 0; attempt < 48; attempt++) {
    // Keeping the object's own shape needs no new box, so prefer it now and then.
    const shape = must.shape ?? (attempt === 0 || rng.chance(0.3) ? object.shape : rng.pick(SHAPES));
    const colour = must.colour ?? rng.pick(COLOURS);
    if ((rule.mustNot ?? []).some((phrase) => matchesPhrase(phrase, { ...object, shape, colour }))) continue;
    const box = shape === object.shape ? object.box : reshapeBox(scene, object.box, shape, others);
    if (box) return { ...object, shape, colour, box };
  }
  return undefined;
}

/**
 * Repaints every object by its rule (objects without a rule get `fallback`). Returns undefined if
 * any object cannot be painted.
 */
export function paintScene(rng: Rng, scene: Scene, rules: ReadonlyMap<number, PaintRule>, fallback: PaintRule = {}): Scene | undefined {
  const objects = [...scene.objects];
  const fixed: Box[] = [...scene.faces.map((face) => face.box), ...scene.decoys.map((decoy) => decoy.box)];
  for (let i = 0; i < objects.length; i++) {
    const others = [...fixed, ...objects.filter((_, j) => j !== i).map((other) => other.box)];
    const painted = paintObject(rng, scene, objects[i], rules.get(objects[i].id) ?? fallback, others);
    if (!painted) return undefined;
    objects[i] = painted;
  }
  return { ...scene, objects };
}

/** The objects of a scene that a phrase refers to. */
export function objectsMatching(scene: Scene, phrase: Phrase): ShapeObject[] {
  return scene.objects.filter((object) => matchesPhrase(phrase, object));
}

/**
 * Tries `build` with independent forks of `rng` until it returns a value. A world error thrown by
 * an attempt (e.g. a layout the scene generator could not fit) counts as a rejected attempt.
 * Throws a `GENERATION_FAILED` world error after `limit` tries (a generator bug, never bad luck in
 * practice).
 */
export function retry<T>(rng: Rng, label: string, build: (rng: Rng) => T | undefined, limit = 400): T {
  let lastError = '';
  for (let attempt = 0; attempt < limit; attempt++) {
    try {
      const result = build(rng.fork(`${label}#${attempt}`));
      if (result !== undefined) return result;
    } catch (error) {
      if (!isWorldError(error)) throw error;
      lastError = ` (last error: ${error.message})`;
    }
  }
  throw createWorldError('GENERATION_FAILED', `could not build ${label} after ${limit} attempts${lastError}`);
}
