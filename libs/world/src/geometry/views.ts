import type { Box } from '../scene';
import { centreX, centreY } from './box';

/**
 * The views that programs hand to modules, computed the way the program executor computes them.
 * Module datasets use these to show each module the same kinds of regions that programs show it.
 */

/** The half-image region words LOC understands without calling a model. */
export const REGION_WORDS = ['LEFT', 'RIGHT', 'TOP', 'BOTTOM'] as const;
/** One of {@link REGION_WORDS}. */
export type RegionWord = (typeof REGION_WORDS)[number];

/** The spatial CROP_* steps of the program language, by the side of the anchor they keep. */
export const SIDE_CROPS = ['CROP_LEFTOF', 'CROP_RIGHTOF', 'CROP_ABOVE', 'CROP_BELOW'] as const;
/** One of {@link SIDE_CROPS}. */
export type SideCrop = (typeof SIDE_CROPS)[number];

/** The half of `view` that a region word names (the left half is `[x1, round((x1 + x2) / 2))`). */
export function regionHalf(view: Box, region: RegionWord): Box {
  const midX = centreX(view);
  const midY = centreY(view);
  switch (region) {
    case 'LEFT':
      return { ...view, x2: Math.max(midX, view.x1 + 1) };
    case 'RIGHT':
      return { ...view, x1: Math.min(midX, view.x2 - 1) };
    case 'TOP':
      return { ...view, y2: Math.max(midY, view.y1 + 1) };
    case 'BOTTOM':
      return { ...view, y1: Math.min(midY, view.y2 - 1) };
  }
}

/** What `CROP(image=view, box)` shows: the box padded by 10% of its size (at least 2 px), clamped. */
export function paddedCrop(view: Box, box: Box): Box {
  const padX = Math.max(2, Math.round((box.x2 - box.x1) * 0.1));
  const padY = Math.max(2, Math.round((box.y2 - box.y1) * 0.1));
  const x1 = Math.max(view.x1, box.x1 - padX);
  const y1 = Math.max(view.y1, box.y1 - padY);
  const x2 = Math.min(view.x2, box.x2 + padX);
  const y2 = Math.min(view.y2, box.y2 + padY);
  return { x1, y1, x2: Math.max(x2, x1 + 1), y2: Math.max(y2, y1 + 1) };
}

/** What `CROP_LEFTOF/RIGHTOF/ABOVE/BELOW(image=view, box)` shows (at least 1 px wide and high). */
export function sideCrop(view: Box, box: Box, crop: SideCrop): Box {
  const cx = Math.min(Math.max(centreX(box), view.x1), view.x2);
  const cy = Math.min(Math.max(centreY(box), view.y1), view.y2);
  switch (crop) {
    case 'CROP_LEFTOF':
      return { ...view, x2: Math.max(cx, view.x1 + 1) };
    case 'CROP_RIGHTOF':
      return { ...view, x1: Math.min(cx, view.x2 - 1) };
    case 'CROP_ABOVE':
      return { ...view, y2: Math.max(cy, view.y1 + 1) };
    case 'CROP_BELOW':
      return { ...view, y1: Math.min(cy, view.y2 - 1) };
  }
}
