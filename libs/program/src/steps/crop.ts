import type { ImageValue } from '../values';
import { clampToView, subView } from './geometry';
import { boxesArg, imageArg, type StepModule } from './step';

/** The padding CROP adds on each side, as a fraction of the box size, and its minimum in pixels. */
export const CROP_PADDING = { fraction: 0.1, minPixels: 2 } as const;

/**
 * `CROP(image, box)`: the first (best) box padded by 10% of its width/height on each side (at least
 * 2 px), clamped to the view. An empty box list returns the view unchanged.
 */
export const cropStep: StepModule = {
  ops: ['CROP'],
  remote: false,
  output: 'image',
  summary: 'The region of the first box, padded by 10% (at least 2 px) and clamped to the view; no box: the whole view.',
  args: [
    { name: 'image', kind: 'variable', types: ['image'], description: 'the view to crop' },
    { name: 'box', kind: 'variable', types: ['boxes'], description: 'the boxes; the first one is used' },
  ],
  async execute(args): Promise<ImageValue> {
    const image = imageArg(args, 'image');
    const box = boxesArg(args, 'box').boxes[0];
    if (box === undefined) return image;
    const padX = Math.max(CROP_PADDING.minPixels, Math.round((box.x2 - box.x1) * CROP_PADDING.fraction));
    const padY = Math.max(CROP_PADDING.minPixels, Math.round((box.y2 - box.y1) * CROP_PADDING.fraction));
    const padded = {
      x1: Math.floor(box.x1 - padX),
      y1: Math.floor(box.y1 - padY),
      x2: Math.ceil(box.x2 + padX),
      y2: Math.ceil(box.y2 + padY),
    };
    return subView(image, clampToView(padded, image.rect));
  },
  describe(args, output) {
    return { text: 'Cropped the first box', image: imageArg(args, 'image'), boxes: boxesArg(args, 'box').boxes.slice(0, 1), crop: output as ImageValue };
  },
};
