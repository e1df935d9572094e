/**
 * Training examples: their contract, their validation, and how they are grouped and batched.
 * Inputs listed in `rowInputs` are concatenated along their first dim; the other inputs (classify's
 * text features) are shared, so a batch only holds examples with the same `sharedKey` and takes the
 * shared inputs from its first example.
 */
import { distillError } from './distill-error';
import { concatRows, tensorProblem, type FloatTensor } from './float-tensor';
import type { HeadModel } from './onnx-head';
import type { SeededRandom } from './seeded-random';
import type { TrainOptions } from './train-options';

/** One distillation example for a head. */
export interface TrainingExample {
  /**
   * This example's head inputs. Inputs listed in `options.rowInputs` have the example's rows as
   * first dim (vqa features [1,256]; classify image_features [B,256] for its B boxes; grid features
   * [1,256,C]); the others (classify text_features [K,64]) are shared by every example with the
   * same `sharedKey`.
   */
  readonly feeds: Readonly<Record<string, FloatTensor>>;
  readonly sharedKey?: string;
  /**
   * kind 'target': required. softmax loss: probabilities [rows, C]; grid loss: [rows, cells, 6] =
   * per cell [objectness target in 0..1, cx, cy, w, h (canvas px), positive 0/1]. kind 'anchor':
   * ignored (the target is the parent head's own output).
   */
  readonly target?: FloatTensor;
  readonly weight: number;
  readonly kind: 'target' | 'anchor';
}

/** A validated example with its row count and batching group. */
export interface PreparedExample {
  readonly example: TrainingExample;
  readonly rows: number;
  readonly group: string;
}

const sameDims = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Validates every example against the head and the options and assigns batching groups: examples
 * whose inputs are all row inputs form one group; otherwise the group is the `sharedKey` (an
 * example without one is a group of its own).
 * @throws DistillError INVALID_OPTIONS when a row input or the output is not in the head;
 *   INVALID_EXAMPLE (with the example's index) for a missing or malformed feed, rows that disagree,
 *   shapes that disagree within a group, a bad weight or kind, or a target example without target.
 */
export function prepareExamples(model: HeadModel, examples: readonly TrainingExample[], options: TrainOptions): PreparedExample[] {
  for (const name of options.rowInputs) {
    if (!model.inputs.includes(name)) throw distillError('INVALID_OPTIONS', `row input ${name} is not an input of the head (${model.inputs.join(', ')})`, { input: name });
  }
  if (!model.outputs.includes(options.output)) {
    throw distillError('INVALID_OPTIONS', `output ${options.output} is not an output of the head (${model.outputs.join(', ')})`, { output: options.output });
  }
  const shared = model.inputs.filter((name) => !options.rowInputs.includes(name));
  const firstOfGroup = new Map<string, TrainingExample>();
  return examples.map((example, index) => {
    const bad = (why: string): never => {
      throw distillError('INVALID_EXAMPLE', `example ${index}: ${why}`, { example: String(index) });
    };
    if (example.kind !== 'target' && example.kind !== 'anchor') bad(`kind must be 'target' or 'anchor', got ${String(example.kind)}`);
    if (!(Number.isFinite(example.weight) && example.weight >= 0)) bad(`weight must be a finite number ≥ 0, got ${example.weight}`);
    for (const name of model.inputs) {
      const problem = tensorProblem(example.feeds?.[name]);
      if (problem !== undefined) bad(`feed ${name} ${problem}`);
    }
    const rows = example.feeds[options.rowInputs[0]].dims[0];
    if (!(rows >= 1)) bad(`row input ${options.rowInputs[0]} has no rows`);
    for (const name of options.rowInputs) {
      if (example.feeds[name].dims[0] !== rows) bad(`row input ${name} has ${example.feeds[name].dims[0]} rows, ${options.rowInputs[0]} has ${rows}`);
    }
    if (example.kind === 'target') {
      const problem = tensorProblem(example.target);
      if (problem !== undefined) bad(`target ${problem}`);
      if (example.target!.dims[0] !== rows) bad(`target has ${example.target!.dims[0]} rows, the feeds have ${rows}`);
    }
    const group = shared.length === 0 ? '' : example.sharedKey !== undefined ? `key:${example.sharedKey}` : `example:${index}`;
    const first = firstOfGroup.get(group);
    if (first === undefined) firstOfGroup.set(group, example);
    else {
      for (const name of model.inputs) {
        const a = first.feeds[name].dims;
        const b = example.feeds[name].dims;
        const agree = shared.includes(name) ? sameDims(a, b) : sameDims(a.slice(1), b.slice(1));
        if (!agree) bad(`feed ${name} has dims [${b.join(', ')}], other examples of its group have [${a.join(', ')}]`);
      }
    }
    return { example, rows, group };
  });
}

/**
 * Splits example indices into batches of at most `batchSize` examples that share a group, in an
 * order drawn from `random` (a fresh order each call: call it once per epoch).
 */
export function planBatches(prepared: readonly PreparedExample[], batchSize: number, random: SeededRandom): number[][] {
  const groups = new Map<string, number[]>();
  prepared.forEach((p, i) => {
    const list = groups.get(p.group);
    if (list === undefined) groups.set(p.group, [i]);
    else list.push(i);
  });
  const batches: number[][] = [];
  for (const group of [...groups.keys()].sort()) {
    const order = random.shuffle([...groups.get(group)!]);
    for (let i = 0; i < order.length; i += batchSize) batches.push(order.slice(i, i + batchSize));
  }
  return random.shuffle(batches);
}

/** The head feeds of a batch: row inputs concatenated, shared inputs from the batch's first example. */
export function batchFeeds(model: HeadModel, prepared: readonly PreparedExample[], batch: readonly number[], rowInputs: readonly string[]): Record<string, FloatTensor> {
  const feeds: Record<string, FloatTensor> = {};
  for (const name of model.inputs) {
    feeds[name] = rowInputs.includes(name) ? concatRows(batch.map((i) => prepared[i].example.feeds[name])) : prepared[batch[0]].example.feeds[name];
  }
  return feeds;
}
