import type { BoxesValue, Detection, ImageValue } from '../values';
import { centre, clampToView, copyDetection } from './geometry';
import { boxesArg, imageArg, stringArg, type StepModule } from './step';

/** The region words LOC answers itself, without a module call. */
export const REGION_WORDS = ['TOP', 'BOTTOM', 'LEFT', 'RIGHT'] as const;

/** The half of `image` that a region word names, as one box with score 1; undefined for other phrases. */
export function regionBox(image: ImageValue, object: string): Detection | undefined {
  const word = object.trim().toUpperCase();
  const view = image.rect;
  const { cx, cy } = centre(view);
  const half =
    word === 'LEFT'
      ? { ...view, x2: cx }
      : word === 'RIGHT'
        ? { ...view, x1: cx }
        : word === 'TOP'
          ? { ...view, y2: cy }
          : word === 'BOTTOM'
            ? { ...view, y1: cy }
            : undefined;
  return half === undefined ? undefined : { ...clampToView(half, view), score: 1 };
}

/** `LOC(image, object)`: boxes of `object` in the view, best first (region words answered locally). */
export const locStep: StepModule = {
  ops: ['LOC'],
  remote: true,
  output: 'boxes',
  summary: 'Boxes of the objects matching a phrase, best first; TOP/BOTTOM/LEFT/RIGHT give that half of the view.',
  args: [
    { name: 'image', kind: 'variable', types: ['image'], description: 'the image view to search' },
    { name: 'object', kind: 'string', description: "a phrase such as 'red star', or a region word" },
  ],
  async execute(args, ctx): Promise<BoxesValue> {
    const image = imageArg(args, 'image');
    const object = stringArg(args, 'object');
    const region = regionBox(image, object);
    if (region !== undefined) return { kind: 'boxes', image, boxes: [region] };
    const boxes = await ctx.backend.locate(image, object, { signal: ctx.signal });
    return { kind: 'boxes', image, boxes: boxes.map(copyDetection) };
  },
  describe(args, output) {
    const boxes = boxesArg({ output }, 'output');
    return { text: `Found ${boxes.boxes.length} × '${stringArg(args, 'object')}'`, image: boxes.image, boxes: boxes.boxes };
  },
};
