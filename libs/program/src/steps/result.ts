import type { Value } from '../values';
import type { StepModule } from './step';

/** `RESULT(var)`: the program's final value; must be the last step. */
export const resultStep: StepModule = {
  ops: ['RESULT'],
  remote: false,
  output: 'any',
  summary: "The program's final value; the last step of every program.",
  args: [{ name: 'var', kind: 'variable', types: ['any'], description: 'the variable holding the answer' }],
  async execute(args): Promise<Value> {
    return args.var as Value;
  },
  describe(_args, output) {
    if (typeof output !== 'object') return { text: `Result: ${String(output)}` };
    switch (output.kind) {
      case 'image':
        return { text: 'Result: an image region', image: output };
      case 'boxes':
        return { text: `Result: ${output.boxes.length} box(es)`, image: output.image, boxes: output.boxes };
      case 'tags':
        return { text: `Result: ${output.tags.length} tag(s)`, image: output.image, boxes: output.tags };
    }
  },
};
