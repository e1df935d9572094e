import type { Rng } from '../random';
import type { Decoy, Face, Scene, ShapeObject } from '../scene';
import { COLOURS, EXPRESSIONS, SHAPES, type Colour, type Expression, type Shape, type Size } from '../vocabulary';
import { isTightBox, shapeHeight } from '../render/shape-geometry';
import { LAYOUT_BORDER, LAYOUT_GAP, placeItems, type Footprint } from './layout';
import { createWorldError } from '../errors';
import { resolveSceneOptions, type SceneOptions } from './scene-options';

/** Widths in pixels across, at 128×128, of each size class and of faces/decoys (inclusive). */
export const SIZE_WIDTHS: Readonly<Record<Size | 'face', readonly [number, number]>> = {
  small: [14, 18],
  large: [26, 32],
  face: [24, 30],
};

const LAYOUT_ATTEMPTS = 40;
const TRIES_PER_ITEM = 60;

interface ObjectDraft {
  shape: Shape;
  colour: Colour;
  size: Size;
  footprints: Footprint[];
}

/**
 * Generates a scene: how many objects, faces and decoys, their attributes and their boxes, with
 * exact ground truth. Boxes never overlap (a gap of ~3 px at 128×128), lie fully inside the image,
 * and are each the tight box of what the renderer draws. Ids run over objects, then faces, then
 * decoys. A later object repeats an earlier colour or shape now and then, so that counting
 * questions have something to count. Deterministic given `rng`.
 *
 * Throws an `INVALID_OPTIONS` world error for bad options, or when the requested items cannot be
 * fitted into the image (only with very crowded options; never with the defaults).
 */
export function generateScene(rng: Rng, options: SceneOptions): Scene {
  const o = resolveSceneOptions(options);
  const scale = Math.min(o.width, o.height) / 128;
  const objectCount = rng.int(o.objects.min, o.objects.max + 1);
  const faceCount = rng.int(o.faces.min, o.faces.max + 1);
  const decoyCount = rng.int(o.decoys.min, o.decoys.max + 1);

  const drafts: ObjectDraft[] = [];
  for (let i = 0; i < objectCount; i++) {
    const shape = i > 0 && rng.chance(0.2) ? rng.pick(drafts).shape : rng.pick(SHAPES);
    const colour = i > 0 && rng.chance(0.25) ? rng.pick(drafts).colour : rng.pick(COLOURS);
    const size: Size = rng.chance(0.5) ? 'large' : 'small';
    const small = shapeFootprint(shape, widthIn('small', rng, scale));
    const footprints = size === 'large' ? [shapeFootprint(shape, widthIn('large', rng, scale)), small] : [small];
    drafts.push({ shape, colour, size, footprints });
  }
  const expressions: Expression[] = [];
  const faceFootprints: Footprint[][] = [];
  for (let i = 0; i < faceCount; i++) {
    expressions.push(rng.pick(EXPRESSIONS));
    faceFootprints.push(discFootprints(rng, scale));
  }
  const decoyFootprints: Footprint[][] = [];
  for (let i = 0; i < decoyCount; i++) decoyFootprints.push(discFootprints(rng, scale));

  const items = [...drafts.map((d) => d.footprints), ...faceFootprints, ...decoyFootprints];
  const rules = {
    width: o.width,
    height: o.height,
    gap: Math.max(1, Math.round(LAYOUT_GAP * scale)),
    border: Math.max(1, Math.round(LAYOUT_BORDER * scale)),
    tries: TRIES_PER_ITEM,
  };
  for (let attempt = 0; attempt < LAYOUT_ATTEMPTS; attempt++) {
    const placements = placeItems(rng, items, rules);
    if (placements === null) continue;
    const objects: ShapeObject[] = drafts.map((d, i) => ({
      id: i,
      shape: d.shape,
      colour: d.colour,
      size: d.footprints.length > 1 && placements[i].option > 0 ? 'small' : d.size,
      box: placements[i].box,
    }));
    const faces: Face[] = expressions.map((expression, i) => ({
      id: objectCount + i,
      expression,
      box: placements[objectCount + i].box,
    }));
    const decoys: Decoy[] = decoyFootprints.map((_, i) => ({
      id: objectCount + faceCount + i,
      box: placements[objectCount + faceCount + i].box,
    }));
    return { width: o.width, height: o.height, domain: o.domain, objects, faces, decoys };
  }
  throw createWorldError(
    'INVALID_OPTIONS',
    `could not fit ${objectCount} objects, ${faceCount} faces and ${decoyCount} decoys into ${o.width}x${o.height}`,
  );
}

function widthIn(kind: Size | 'face', rng: Rng, scale: number): number {
  const [lo, hi] = SIZE_WIDTHS[kind];
  return Math.max(6, Math.round(rng.int(lo, hi + 1) * scale));
}

/** A footprint whose box is the shape's tight box, nudging the width if the exact one is not. */
function shapeFootprint(shape: Shape, width: number): Footprint {
  for (const w of [width, width + 1, width - 1, width + 2, width - 2]) {
    const h = shapeHeight(shape, w);
    if (tight(shape, w, h)) return { w, h };
  }
  return { w: width, h: shapeHeight(shape, width) };
}

function discFootprints(rng: Rng, scale: number): Footprint[] {
  const w = widthIn('face', rng, scale);
  const min = Math.max(6, Math.round(SIZE_WIDTHS.face[0] * scale));
  return w > min ? [{ w, h: w }, { w: min, h: min }] : [{ w, h: w }];
}

const tightCache = new Map<string, boolean>();

/** Tightness depends only on the shape and box size (boxes sit on whole pixels), so cache it. */
function tight(shape: Shape, w: number, h: number): boolean {
  const key = `${shape}:${w}:${h}`;
  let hit = tightCache.get(key);
  if (hit === undefined) {
    hit = isTightBox(shape, { x1: 2, y1: 2, x2: 2 + w, y2: 2 + h });
    tightCache.set(key, hit);
  }
  return hit;
}
