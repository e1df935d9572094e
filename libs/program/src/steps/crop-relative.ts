import { ProgramError } from '../errors';
import type { ImageValue, Rect } from '../values';
import { centre, clampToView, subView } from './geometry';
import { boxesArg, imageArg, type StepModule } from './step';

/** The four regions relative to a box's rounded centre (cx, cy) that the CROP_* family cuts. */
export type CropDirection = 'left' | 'right' | 'above' | 'below';

/**
 * Every CROP_* spelling and the geometry it means. The canonical four are exact; the others are
 * spellings LLM-written programs use. In a 2-D scene, nearer the camera is lower in the picture, so
 * FRONTOF/INFRONTOF/INFRONT mean BELOW, and BEHIND/AHEAD mean ABOVE.
 */
export const CROP_GEOMETRY: Readonly<Record<string, CropDirection>> = {
  CROP_LEFTOF: 'left',
  CROP_RIGHTOF: 'right',
  CROP_ABOVE: 'above',
  CROP_BELOW: 'below',
  CROP_FRONTOF: 'below',
  CROP_INFRONTOF: 'below',
  CROP_INFRONT: 'below',
  CROP_BEHIND: 'above',
  CROP_AHEAD: 'above',
};

/**
 * The region of `view` on one side of `box`'s rounded centre, at least 1 px:
 * left `[x1, cx)`, right `[cx, x2)` (full height); above `[y1, cy)`, below `[cy, y2)` (full width).
 */
export function relativeRect(view: Rect, box: Rect, direction: CropDirection): Rect {
  const { cx, cy } = centre(box);
  const rect =
    direction === 'left'
      ? { ...view, x2: cx }
      : direction === 'right'
        ? { ...view, x1: cx }
        : direction === 'above'
          ? { ...view, y2: cy }
          : { ...view, y1: cy };
  return clampToView(rect, view);
}

const PHRASES: Readonly<Record<CropDirection, string>> = { left: 'left of', right: 'right of', above: 'above', below: 'below' };

function directionOf(op: string): CropDirection {
  if (!Object.prototype.hasOwnProperty.call(CROP_GEOMETRY, op)) {
    throw new ProgramError({ code: 'INTERNAL', reason: 'STEP_FAILED', message: `${op} is not a CROP_* op`, line: 0, column: 0 });
  }
  return CROP_GEOMETRY[op];
}

/** `CROP_LEFTOF(image, box)` and the rest of the family: one module driven by {@link CROP_GEOMETRY}. */
export const cropRelativeStep: StepModule = {
  ops: Object.keys(CROP_GEOMETRY),
  remote: false,
  output: 'image',
  summary: "The part of the view on one side of the first box's centre; no box: the whole view.",
  args: [
    { name: 'image', kind: 'variable', types: ['image'], description: 'the view to crop' },
    { name: 'box', kind: 'variable', types: ['boxes'], description: 'the boxes; the first one is used' },
  ],
  async execute(args, ctx): Promise<ImageValue> {
    const image = imageArg(args, 'image');
    const box = boxesArg(args, 'box').boxes[0];
    if (box === undefined) return image;
    return subView(image, relativeRect(image.rect, box, directionOf(ctx.op)));
  },
  describe(args, output, op) {
    return {
      text: `Cropped the region ${PHRASES[directionOf(op)]} the first box`,
      image: imageArg(args, 'image'),
      boxes: boxesArg(args, 'box').boxes.slice(0, 1),
      crop: output as ImageValue,
    };
  },
};
