import { imageArg, stringArg, type StepModule } from './step';

/** `VQA(image, question)`: the module's answer string. */
export const vqaStep: StepModule = {
  ops: ['VQA'],
  remote: true,
  output: 'string',
  summary: 'Answers a question about the view; the output is the answer string.',
  args: [
    { name: 'image', kind: 'variable', types: ['image'], description: 'the image view to ask about' },
    { name: 'question', kind: 'string', description: 'the question' },
  ],
  async execute(args, ctx): Promise<string> {
    const result = await ctx.backend.answer(imageArg(args, 'image'), stringArg(args, 'question'), { signal: ctx.signal });
    return result.answer;
  },
  describe(args, output) {
    return { text: `Q: ${stringArg(args, 'question')} A: ${String(output)}`, image: imageArg(args, 'image') };
  },
};
