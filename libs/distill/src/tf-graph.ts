/**
 * Interprets a parsed head graph with tfjs ops, node by node. The weights are passed in at each
 * run, so the same graph serves the frozen parent, a LoRA-adapted head (effective weights built in
 * the same tape) and a fully trained one, and gradients flow from the outputs back to whatever
 * tensors the caller passed as weights.
 */
import * as tf from '@tensorflow/tfjs';
import { distillError, isDistillError } from './distill-error';
import { tensorProblem, type FloatTensor } from './float-tensor';
import { readHeadModel, type HeadModel } from './onnx-head';
import { runOp } from './onnx-ops';
import type { OpContext } from './op-context';
import { ensureTfBackend } from './tf-backend';

/** A head ready to run on tfjs; owns its constant tensors until {@link HeadGraph.dispose}. */
export interface HeadGraph {
  readonly model: HeadModel;
  /**
   * Runs the graph and returns the named values. Call it inside `tf.tidy` (or a gradient tape):
   * intermediate tensors belong to the caller's scope.
   * @throws DistillError INVALID_EXAMPLE when a feed is missing or an op rejects the feeds' shapes.
   */
  run(feeds: Readonly<Record<string, tf.Tensor>>, weights: Readonly<Record<string, tf.Tensor>>, wanted: readonly string[]): Record<string, tf.Tensor>;
  dispose(): void;
}

/** A {@link FloatTensor} as a float32 tfjs tensor. */
export function toTfTensor(t: FloatTensor): tf.Tensor {
  return tf.tensor(t.data, [...t.dims], 'float32');
}

/** Reads a tfjs tensor back into a {@link FloatTensor} that owns its data. */
export function fromTfTensor(t: tf.Tensor): FloatTensor {
  return { dims: [...t.shape], data: Float32Array.from(t.dataSync() as Float32Array) };
}

/** Creates the interpreter of `model`. Call after {@link ensureTfBackend}. */
export function createHeadGraph(model: HeadModel): HeadGraph {
  const constants = new Map<string, tf.Tensor>();
  for (const [name, c] of Object.entries(model.constants)) {
    constants.set(name, c.data instanceof Float32Array ? tf.tensor(c.data, [...c.dims], 'float32') : tf.tensor(c.data, [...c.dims], 'int32'));
  }
  const constantInts = (name: string): readonly number[] | undefined => {
    const c = model.constants[name];
    return c === undefined ? undefined : Array.from(c.data, (v) => Math.trunc(v));
  };

  const run: HeadGraph['run'] = (feeds, weights, wanted) => {
    const values = new Map<string, tf.Tensor>(constants);
    for (const [name, w] of Object.entries(weights)) values.set(name, w);
    for (const name of model.inputs) {
      const feed = feeds[name];
      if (feed === undefined) throw distillError('INVALID_EXAMPLE', `head input ${name} is not fed`, { input: name });
      values.set(name, feed);
    }
    for (const node of model.nodes) {
      if (node.opType === 'Constant') continue;
      const ctx: OpContext = {
        node,
        opset: model.opset,
        input: (i) => (node.inputs[i] === undefined || node.inputs[i] === '' ? undefined : values.get(node.inputs[i])),
        ints: (i) => {
          const name = node.inputs[i];
          if (name === undefined || name === '') return undefined;
          const known = constantInts(name);
          if (known !== undefined) return known;
          const computed = values.get(name);
          return computed?.dtype === 'int32' ? Array.from(computed.dataSync()) : undefined;
        },
      };
      let out: tf.Tensor;
      try {
        out = runOp(ctx);
      } catch (error) {
        if (isDistillError(error)) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        throw distillError('INVALID_EXAMPLE', `node ${node.name} (${node.opType}) cannot run on these inputs: ${detail}`, { node: node.name });
      }
      values.set(node.outputs[0], out);
    }
    const result: Record<string, tf.Tensor> = {};
    for (const name of wanted) {
      const v = values.get(name);
      if (v === undefined) throw distillError('INVALID_OPTIONS', `head has no value named ${name}`, { output: name });
      result[name] = v;
    }
    return result;
  };

  return {
    model,
    run,
    dispose: () => {
      for (const t of constants.values()) t.dispose();
      constants.clear();
    },
  };
}

/**
 * Runs a head forward in tfjs with its own weights and returns every graph output. For checks and
 * tests (a module service serves heads with onnxruntime).
 * @throws DistillError HEAD_INVALID / HEAD_UNSUPPORTED for a head that cannot be read;
 *   INVALID_EXAMPLE for a missing or malformed feed.
 */
export async function runHead(head: Uint8Array, feeds: Readonly<Record<string, FloatTensor>>): Promise<Record<string, FloatTensor>> {
  await ensureTfBackend();
  const model = readHeadModel(head);
  for (const name of model.inputs) {
    const problem = tensorProblem(feeds[name]);
    if (problem !== undefined) throw distillError('INVALID_EXAMPLE', `feed ${name} ${problem}`, { input: name });
  }
  const graph = createHeadGraph(model);
  const result: Record<string, FloatTensor> = {};
  try {
    tf.tidy(() => {
      const tfFeeds: Record<string, tf.Tensor> = {};
      for (const name of model.inputs) tfFeeds[name] = toTfTensor(feeds[name]);
      const weights: Record<string, tf.Tensor> = {};
      for (const [name, w] of Object.entries(model.weights)) weights[name] = toTfTensor(w);
      const outputs = graph.run(tfFeeds, weights, model.outputs);
      for (const [name, t] of Object.entries(outputs)) result[name] = fromTfTensor(t);
    });
  } finally {
    graph.dispose();
  }
  return result;
}
