import type { Rng } from '../random';
import type { Box } from '../scene';

/** Minimum empty pixels between two boxes at 128×128 (scaled with the image). */
export const LAYOUT_GAP = 3;
/** Minimum empty pixels between a box and the image edge at 128×128 (scaled with the image). */
export const LAYOUT_BORDER = 1;

/** One way an item may be drawn: its box size. */
export interface Footprint {
  readonly w: number;
  readonly h: number;
}

/** Where an item went and which of its footprints it got. */
export interface Placement {
  readonly box: Box;
  readonly option: number;
}

/** Space rules of a layout, in pixels. */
export interface LayoutRules {
  readonly width: number;
  readonly height: number;
  /** Minimum empty pixels between two boxes. */
  readonly gap: number;
  /** Minimum empty pixels between a box and the image edge. */
  readonly border: number;
  /** Random positions tried per item and footprint before falling back. */
  readonly tries: number;
}

/**
 * Places items at random so that no two boxes come closer than `gap` and every box lies inside
 * the image with `border` to spare. Each item lists footprints in order of preference (e.g. its
 * large size, then a small one); bigger items are placed first because they are the hardest to
 * fit. Returns the placements in the items' order, or null when some item fits nowhere (the
 * caller retries with the same stream). Never throws.
 */
export function placeItems(rng: Rng, items: readonly (readonly Footprint[])[], rules: LayoutRules): Placement[] | null {
  const order = items.map((_, i) => i).sort((a, b) => area(items[b][0]) - area(items[a][0]) || a - b);
  const placed: Box[] = [];
  const result = new Array<Placement>(items.length);
  for (const index of order) {
    const found = placeOne(rng, items[index], placed, rules);
    if (found === null) return null;
    placed.push(found.box);
    result[index] = found;
  }
  return result;
}

function placeOne(rng: Rng, options: readonly Footprint[], placed: readonly Box[], rules: LayoutRules): Placement | null {
  for (let option = 0; option < options.length; option++) {
    const { w, h } = options[option];
    const xMax = rules.width - rules.border - w;
    const yMax = rules.height - rules.border - h;
    if (xMax < rules.border || yMax < rules.border) continue;
    for (let t = 0; t < rules.tries; t++) {
      const x1 = rng.int(rules.border, xMax + 1);
      const y1 = rng.int(rules.border, yMax + 1);
      const box = { x1, y1, x2: x1 + w, y2: y1 + h };
      if (placed.every((other) => apart(box, other, rules.gap))) return { box, option };
    }
  }
  return null;
}

/** Whether two boxes (x2/y2 exclusive) have at least `gap` empty pixels between them. Never throws. */
export function apart(a: Box, b: Box, gap: number): boolean {
  return a.x2 + gap <= b.x1 || b.x2 + gap <= a.x1 || a.y2 + gap <= b.y1 || b.y2 + gap <= a.y1;
}

function area(f: Footprint): number {
  return f.w * f.h;
}
