import type { Box } from '../scene';

/**
 * Box geometry shared by the world's ground truth, the oracle and the task generators. Centres are
 * rounded exactly as the program executor rounds them for CROP_LEFTOF/RIGHTOF/ABOVE/BELOW, so "left
 * of X" in a question means the same pixels as `CROP_LEFTOF` of X's box in a program.
 */

/** The integer centre x of a box: `Math.round((x1 + x2) / 2)`, the executor's rounding. */
export function centreX(box: Box): number {
  return Math.round((box.x1 + box.x2) / 2);
}

/** The integer centre y of a box: `Math.round((y1 + y2) / 2)`, the executor's rounding. */
export function centreY(box: Box): number {
  return Math.round((box.y1 + box.y2) / 2);
}

/** Whether a box's (rounded) centre lies inside `rect` (x2/y2 exclusive): what "in the view" means. */
export function centreInside(box: Box, rect: Box): boolean {
  const cx = centreX(box);
  const cy = centreY(box);
  return cx >= rect.x1 && cx < rect.x2 && cy >= rect.y1 && cy < rect.y2;
}

/** The area of a box (0 for an empty or inverted box). */
export function boxArea(box: Box): number {
  return Math.max(0, box.x2 - box.x1) * Math.max(0, box.y2 - box.y1);
}

/** Intersection over union of two boxes, 0 when either is empty. */
export function iou(a: Box, b: Box): number {
  const inter = boxArea({
    x1: Math.max(a.x1, b.x1),
    y1: Math.max(a.y1, b.y1),
    x2: Math.min(a.x2, b.x2),
    y2: Math.min(a.y2, b.y2),
  });
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** A box as the `[x1, y1, x2, y2]` tuple used in JSON items. */
export function boxToTuple(box: Box): [number, number, number, number] {
  return [box.x1, box.y1, box.x2, box.y2];
}

/** A `[x1, y1, x2, y2]` tuple as a box. */
export function tupleToBox(tuple: readonly number[]): Box {
  const [x1, y1, x2, y2] = tuple;
  return { x1, y1, x2, y2 };
}

/** The whole image as a rectangle. */
export function fullRect(width: number, height: number): Box {
  return { x1: 0, y1: 0, x2: width, y2: height };
}

/** Squared distance from a box's centre to the centre of a rectangle; used to pick "the" object of a view. */
export function distanceToCentre(box: Box, rect: Box): number {
  const dx = centreX(box) - (rect.x1 + rect.x2) / 2;
  const dy = centreY(box) - (rect.y1 + rect.y2) / 2;
  return dx * dx + dy * dy;
}
