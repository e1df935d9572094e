import { boxesArg, type StepModule } from './step';

/** `COUNT(box)`: the number of boxes (0 for none). */
export const countStep: StepModule = {
  ops: ['COUNT'],
  remote: false,
  output: 'number',
  summary: 'The number of boxes.',
  args: [{ name: 'box', kind: 'variable', types: ['boxes'], description: 'the boxes to count' }],
  async execute(args): Promise<number> {
    return boxesArg(args, 'box').boxes.length;
  },
  describe(args, output) {
    const boxes = boxesArg(args, 'box');
    return { text: `Counted ${String(output)}`, image: boxes.image, boxes: boxes.boxes };
  },
};
