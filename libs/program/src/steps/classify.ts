import { ProgramError } from '../errors';
import type { BoxesValue } from '../values';
import { copyDetection } from './geometry';
import { boxesArg, imageArg, listArg, type StepModule } from './step';

/** `CLASSIFY(image, object, categories)`: the same boxes, each labelled with its best category. */
export const classifyStep: StepModule = {
  ops: ['CLASSIFY'],
  remote: true,
  output: 'boxes',
  summary: 'Labels every box with the best of the given categories.',
  args: [
    { name: 'image', kind: 'variable', types: ['image'], description: 'the image view the boxes are in' },
    { name: 'object', kind: 'variable', types: ['boxes'], description: 'the boxes to classify' },
    { name: 'categories', kind: 'list', description: "the candidate labels, e.g. ['smiling','frowning']" },
  ],
  async execute(args, ctx): Promise<BoxesValue> {
    const image = imageArg(args, 'image');
    const boxes = boxesArg(args, 'object').boxes;
    const categories = listArg(args, 'categories');
    if (boxes.length === 0) return { kind: 'boxes', image, boxes: [] };
    const results = await ctx.backend.classify(image, boxes, categories, { signal: ctx.signal });
    if (results.length !== boxes.length) {
      throw new ProgramError({
        code: 'INTERNAL',
        reason: 'STEP_FAILED',
        message: `classify returned ${results.length} results for ${boxes.length} boxes`,
        line: 0,
        column: 0,
      });
    }
    return { kind: 'boxes', image, boxes: boxes.map((box, i) => ({ ...copyDetection(box), label: results[i].label })) };
  },
  describe(_args, output) {
    const boxes = boxesArg({ output }, 'output');
    const labels = boxes.boxes.map((b) => b.label ?? '?');
    return { text: `Classified ${labels.length} box(es): ${labels.join(', ') || 'none'}`, image: boxes.image, boxes: boxes.boxes };
  },
};
