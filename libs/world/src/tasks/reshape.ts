import type { Box, Scene } from '../scene';
import { isTightBox, shapeHeight } from '../render';
import { LAYOUT_BORDER, LAYOUT_GAP, apart } from '../scene-gen';
import type { Shape } from '../vocabulary';

/**
 * A shape's box depends on the shape (a diamond is taller than a triangle of the same width), so
 * repainting an object as another shape needs a new box: same width and centre, the new shape's
 * height, still tight, inside the image and clear of its neighbours.
 */

const GAP = LAYOUT_GAP;
const BORDER = LAYOUT_BORDER;

/**
 * The box for drawing `shape` where `box` was, or undefined when it would leave the image, touch
 * one of `others`, or not be the drawn shape's tight box.
 */
export function reshapeBox(scene: Pick<Scene, 'width' | 'height'>, box: Box, shape: Shape, others: readonly Box[]): Box | undefined {
  const width = box.x2 - box.x1;
  for (const w of [width, width + 1, width - 1]) {
    const h = shapeHeight(shape, w);
    const x1 = Math.round((box.x1 + box.x2 - w) / 2);
    const y1 = Math.round((box.y1 + box.y2 - h) / 2);
    const candidate = { x1, y1, x2: x1 + w, y2: y1 + h };
    const inside = x1 >= BORDER && y1 >= BORDER && candidate.x2 <= scene.width - BORDER && candidate.y2 <= scene.height - BORDER;
    if (!inside || !others.every((other) => apart(candidate, other, GAP))) continue;
    if (isTightBox(shape, candidate)) return candidate;
  }
  return undefined;
}
