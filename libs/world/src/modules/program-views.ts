import { fullRect } from '../geometry/box';
import { paddedCrop, regionHalf, sideCrop, REGION_WORDS, SIDE_CROPS } from '../geometry/views';
import type { Rng } from '../random';
import type { Box, Scene } from '../scene';

/**
 * The views programs show LOC and VQA: mostly the whole image, sometimes a half (the CROP of a
 * region word, as "left or right?" programs do) or the part of the image on one side of an object
 * (as relation programs do with CROP_LEFTOF/RIGHTOF/ABOVE/BELOW).
 */
export function programView(rng: Rng, scene: Scene): Box {
  const full = fullRect(scene.width, scene.height);
  const r = rng.next();
  if (r < 0.7 || scene.objects.length === 0) return full;
  if (r < 0.82) return paddedCrop(full, regionHalf(full, rng.pick(REGION_WORDS)));
  return sideCrop(full, rng.pick(scene.objects).box, rng.pick(SIDE_CROPS));
}

/** A whole image or one of its halves (as a CROP of a region word): where counts and existence are asked. */
export function countingView(rng: Rng, scene: Scene): Box {
  const full = fullRect(scene.width, scene.height);
  return rng.chance(0.7) ? full : paddedCrop(full, regionHalf(full, rng.pick(REGION_WORDS)));
}
