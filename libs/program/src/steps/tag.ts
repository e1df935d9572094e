import type { TagsValue } from '../values';
import { boxesArg, imageArg, type StepModule } from './step';

/** `TAG(image, object)`: the image with every (labelled) box as a tag. */
export const tagStep: StepModule = {
  ops: ['TAG'],
  remote: false,
  output: 'tags',
  summary: 'The image with every box drawn and labelled.',
  args: [
    { name: 'image', kind: 'variable', types: ['image'], description: 'the image to tag' },
    { name: 'object', kind: 'variable', types: ['boxes'], description: 'the (labelled) boxes' },
  ],
  async execute(args): Promise<TagsValue> {
    return { kind: 'tags', image: imageArg(args, 'image'), tags: boxesArg(args, 'object').boxes };
  },
  describe(args) {
    const tags = boxesArg(args, 'object').boxes;
    return { text: `Tagged ${tags.length} box(es)`, image: imageArg(args, 'image'), boxes: tags };
  },
};
