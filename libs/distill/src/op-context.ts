/**
 * What an op implementation of the head interpreter sees of its node, and the two checks every op
 * table (`onnx-ops.ts`, `onnx-layout-ops.ts`) uses.
 */
import type * as tf from '@tensorflow/tfjs';
import { distillError } from './distill-error';
import type { HeadNode } from './head-node';

/** What an op implementation sees of its node. */
export interface OpContext {
  readonly node: HeadNode;
  /** The default-domain opset of the model (attribute-vs-input rules changed across opsets). */
  readonly opset: number;
  /** The i-th input, or `undefined` when it is omitted (empty name or absent). */
  input(i: number): tf.Tensor | undefined;
  /** The integer values of the i-th input: a graph constant, or an int tensor computed at run time (shape arithmetic); else `undefined`. */
  ints(i: number): readonly number[] | undefined;
}

/** One op: its output from its node's inputs. */
export type OpImpl = (ctx: OpContext) => tf.Tensor;

/** The i-th input. @throws DistillError HEAD_INVALID when it is omitted. */
export function required(ctx: OpContext, i: number): tf.Tensor {
  const t = ctx.input(i);
  if (t === undefined) throw distillError('HEAD_INVALID', `node ${ctx.node.name} (${ctx.node.opType}) is missing input ${i}`, { node: ctx.node.name });
  return t;
}

/** @throws DistillError HEAD_UNSUPPORTED naming the node and what it cannot run. */
export function unsupported(ctx: OpContext, what: string): never {
  throw distillError('HEAD_UNSUPPORTED', `node ${ctx.node.name} (${ctx.node.opType}): ${what}`, { node: ctx.node.name, op: ctx.node.opType });
}
