/**
 * The op table of the head interpreter: each supported ONNX op as a function of tfjs tensors, so a
 * head graph runs (and differentiates) node by node in TensorFlow.js. The table covers MatMul/Gemm,
 * elementwise arithmetic, activations, reductions, Clip, Transpose, Softmax and LayerNormalization,
 * plus Conv and the layout ops of `onnx-layout-ops.ts` (heads cut before a network's last
 * convolutional blocks); anything else is rejected by `readHeadModel` before training.
 */
import * as tf from '@tensorflow/tfjs';
import { numberAttr, numbersAttr } from './head-node';
import { LAYOUT_OPS } from './onnx-layout-ops';
import { required, unsupported, type OpContext, type OpImpl } from './op-context';

function matMul(ctx: OpContext): tf.Tensor {
  const a = required(ctx, 0);
  const b = required(ctx, 1);
  if (a.rank < 2 || b.rank < 2) unsupported(ctx, 'MatMul of a 1-D operand');
  if (a.rank > 2 && b.rank === 2) {
    const k = a.shape[a.rank - 1];
    const flat = tf.matMul(tf.reshape(a, [-1, k]), b);
    return tf.reshape(flat, [...a.shape.slice(0, -1), b.shape[1] as number]);
  }
  return tf.matMul(a, b);
}

function gemm(ctx: OpContext): tf.Tensor {
  const alpha = numberAttr(ctx.node, 'alpha', 1);
  const beta = numberAttr(ctx.node, 'beta', 1);
  let y = tf.matMul(required(ctx, 0), required(ctx, 1), numberAttr(ctx.node, 'transA', 0) === 1, numberAttr(ctx.node, 'transB', 0) === 1);
  if (alpha !== 1) y = tf.mul(y, alpha);
  const c = ctx.input(2);
  if (c !== undefined) y = tf.add(y, beta === 1 ? c : tf.mul(c, beta));
  return y;
}

/** Reduction axes: the `axes` attribute (older opsets) or the constant second input (opset 13+ for ReduceSum, 18+ for the others). */
function reduction(reduce: (x: tf.Tensor, axes: number[] | undefined, keepDims: boolean) => tf.Tensor): OpImpl {
  return (ctx) => {
    const x = required(ctx, 0);
    let axes = numbersAttr(ctx.node, 'axes');
    if (axes === undefined && ctx.input(1) !== undefined) {
      axes = ctx.ints(1);
      if (axes === undefined) unsupported(ctx, 'axes must be integers');
    }
    const keepDims = numberAttr(ctx.node, 'keepdims', 1) === 1;
    if (axes === undefined || axes.length === 0) {
      if (numberAttr(ctx.node, 'noop_with_empty_axes', 0) === 1) return x;
      return reduce(x, undefined, keepDims);
    }
    return reduce(x, [...axes], keepDims);
  };
}

function clip(ctx: OpContext): tf.Tensor {
  let y = required(ctx, 0);
  if (ctx.opset < 11) {
    const min = ctx.node.attributes.min;
    const max = ctx.node.attributes.max;
    if (typeof min === 'number') y = tf.maximum(y, min);
    if (typeof max === 'number') y = tf.minimum(y, max);
    return y;
  }
  const min = ctx.input(1);
  const max = ctx.input(2);
  if (min !== undefined) y = tf.maximum(y, min);
  if (max !== undefined) y = tf.minimum(y, max);
  return y;
}

function softmaxAlong(x: tf.Tensor, axis: number): tf.Tensor {
  if (axis === x.rank - 1) return tf.softmax(x);
  const e = tf.exp(tf.sub(x, tf.max(x, axis, true)));
  return tf.div(e, tf.sum(e, axis, true));
}

function softmax(ctx: OpContext): tf.Tensor {
  const x = required(ctx, 0);
  if (ctx.opset >= 13) {
    const axis = numberAttr(ctx.node, 'axis', -1);
    return softmaxAlong(x, axis < 0 ? axis + x.rank : axis);
  }
  // Before opset 13 Softmax flattens to 2-D at `axis` (default 1) and normalises the trailing block.
  const axis = numberAttr(ctx.node, 'axis', 1);
  const at = axis < 0 ? axis + x.rank : axis;
  const inner = x.shape.slice(at).reduce((p, d) => p * d, 1);
  return tf.reshape(tf.softmax(tf.reshape(x, [-1, inner])), x.shape);
}

function layerNormalization(ctx: OpContext): tf.Tensor {
  if (ctx.node.outputs.slice(1).some((o) => o !== '')) unsupported(ctx, 'only the first output (Y) is supported');
  const x = required(ctx, 0);
  const axis = numberAttr(ctx.node, 'axis', -1);
  const from = axis < 0 ? axis + x.rank : axis;
  const axes = Array.from({ length: x.rank - from }, (_, i) => from + i);
  const centred = tf.sub(x, tf.mean(x, axes, true));
  const variance = tf.mean(tf.square(centred), axes, true);
  let y = tf.mul(tf.div(centred, tf.sqrt(tf.add(variance, numberAttr(ctx.node, 'epsilon', 1e-5)))), required(ctx, 1));
  const bias = ctx.input(2);
  if (bias !== undefined) y = tf.add(y, bias);
  return y;
}

const unary =
  (f: (x: tf.Tensor) => tf.Tensor): OpImpl =>
  (ctx) =>
    f(required(ctx, 0));
const binary =
  (f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): OpImpl =>
  (ctx) =>
    f(required(ctx, 0), required(ctx, 1));

const OPS: Readonly<Record<string, OpImpl>> = {
  MatMul: matMul,
  Gemm: gemm,
  Add: binary(tf.add),
  Sub: binary(tf.sub),
  Mul: binary(tf.mul),
  Div: binary(tf.div),
  Relu: unary(tf.relu),
  LeakyRelu: (ctx) => tf.leakyRelu(required(ctx, 0), numberAttr(ctx.node, 'alpha', 0.01)),
  Sigmoid: unary(tf.sigmoid),
  Tanh: unary(tf.tanh),
  Erf: unary(tf.erf),
  Sqrt: unary(tf.sqrt),
  Exp: unary(tf.exp),
  Log: unary(tf.log),
  Neg: unary(tf.neg),
  Abs: unary(tf.abs),
  Identity: unary((x) => x),
  ReduceSum: reduction((x, axes, keep) => tf.sum(x, axes, keep)),
  ReduceMean: reduction((x, axes, keep) => tf.mean(x, axes, keep)),
  ReduceMax: reduction((x, axes, keep) => tf.max(x, axes, keep)),
  Clip: clip,
  Transpose: (ctx) => tf.transpose(required(ctx, 0), numbersAttr(ctx.node, 'perm') as number[] | undefined),
  Softmax: softmax,
  LayerNormalization: layerNormalization,
  ...LAYOUT_OPS,
};

/** True when the interpreter implements `opType` (`Constant` is folded before interpretation). */
export function isSupportedOp(opType: string): boolean {
  return opType === 'Constant' || Object.prototype.hasOwnProperty.call(OPS, opType);
}

/**
 * Runs one node.
 * @throws DistillError HEAD_UNSUPPORTED for an op outside the table or an attribute form it cannot run.
 */
export function runOp(ctx: OpContext): tf.Tensor {
  const impl = OPS[ctx.node.opType];
  if (impl === undefined) unsupported(ctx, 'op is not supported by the head trainer');
  return impl(ctx);
}
