import type { BoxesValue } from '../values';
import { copyDetection } from './geometry';
import { boxesArg, imageArg, type StepModule } from './step';

/** `FACEDET(image)`: face boxes in the view, best first. */
export const facedetStep: StepModule = {
  ops: ['FACEDET'],
  remote: true,
  output: 'boxes',
  summary: 'Face boxes in the view, best first.',
  args: [{ name: 'image', kind: 'variable', types: ['image'], description: 'the image view to search' }],
  async execute(args, ctx): Promise<BoxesValue> {
    const image = imageArg(args, 'image');
    const boxes = await ctx.backend.detectFaces(image, { signal: ctx.signal });
    return { kind: 'boxes', image, boxes: boxes.map(copyDetection) };
  },
  describe(_args, output) {
    const boxes = boxesArg({ output }, 'output');
    return { text: `Found ${boxes.boxes.length} face(s)`, image: boxes.image, boxes: boxes.boxes };
  },
};
