import type { Colour } from '../vocabulary';
import type { Rgb } from './rasteriser';

/**
 * The clean RGB of each colour word, before any domain effect. Chosen so that every pair is
 * unambiguous in `studio` (hue for the chromatic colours, lightness for white and black) and so
 * that white and black both stand out from the mid-grey studio background.
 */
export const COLOUR_RGB: Readonly<Record<Colour, Rgb>> = {
  red: [214, 36, 36],
  orange: [245, 138, 22],
  yellow: [242, 222, 38],
  green: [38, 160, 62],
  blue: [36, 84, 216],
  purple: [138, 56, 186],
  white: [246, 246, 246],
  black: [24, 24, 24],
};

/** Skin-like tones shared by faces and decoys, so that only the features tell them apart. */
export const FACE_TONES: readonly Rgb[] = [
  [243, 204, 162],
  [228, 180, 134],
  [204, 150, 108],
  [168, 118, 82],
];

/** The colour of eyes, brows and mouths. */
export const FEATURE_RGB: Rgb = [52, 34, 28];

/** `rgb` scaled by `k` and clamped to 0..255, rounded to integers. Never throws. */
export function scaleRgb(rgb: Rgb, k: number): Rgb {
  return [clampByte(rgb[0] * k), clampByte(rgb[1] * k), clampByte(rgb[2] * k)];
}

/**
 * The outline tone of a fill: darker for every colour but black, whose outline is lighter, so
 * that a shape's silhouette is visible on any background. Never throws.
 */
export function outlineRgb(rgb: Rgb): Rgb {
  const luma = (rgb[0] * 299 + rgb[1] * 587 + rgb[2] * 114) / 1000;
  return luma < 60 ? [clampByte(rgb[0] + 70), clampByte(rgb[1] + 70), clampByte(rgb[2] + 70)] : scaleRgb(rgb, 0.55);
}

/** Rounds and clamps to a byte. Never throws. */
export function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}
