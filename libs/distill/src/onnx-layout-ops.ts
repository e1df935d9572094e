/**
 * The head interpreter's layout ops and its convolution: what a head cut before a network's last
 * convolutional blocks needs. Exporters write shape arithmetic (`Shape` → `Gather` → `Slice`, as
 * `torch.chunk` does) into such graphs; here it runs on int32 tensors of the actual shapes, read
 * back as numbers where an op needs them (slice bounds, a reshape's target).
 *
 * `Conv` runs tf.conv2d (channels last) with its own gradient: the wasm backend has no kernel for
 * a convolution's filter gradient, so both gradients are written as forward convolutions too (the
 * input's: the output gradient, padded, against the flipped kernel; the kernel's: the input against
 * the output gradient, with the batch as the channel axis).
 */
import * as tf from '@tensorflow/tfjs';
import { numberAttr, numbersAttr } from './head-node';
import { required, unsupported, type OpContext, type OpImpl } from './op-context';

/** The integer values of input `i` (a constant or a computed int tensor); an error when there are none. */
function requiredInts(ctx: OpContext, i: number, what: string): readonly number[] {
  const v = ctx.ints(i);
  if (v === undefined) unsupported(ctx, `${what} must be an integer tensor`);
  return v;
}

/** A possibly negative axis as an index into `rank` dims. */
function axisOf(ctx: OpContext, axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (!(a >= 0 && a < rank)) unsupported(ctx, `axis ${axis} is outside a rank-${rank} tensor`);
  return a;
}

/** Axes from the `axes` attribute (older opsets) or the constant second input (opset 13+). */
function axesOf(ctx: OpContext, inputIndex: number): readonly number[] | undefined {
  return numbersAttr(ctx.node, 'axes') ?? (ctx.input(inputIndex) === undefined ? undefined : requiredInts(ctx, inputIndex, 'axes'));
}

const NCHW_TO_NHWC = [0, 2, 3, 1];
const NHWC_TO_NCHW = [0, 3, 1, 2];

/**
 * A stride-1, unpadded 2-D cross-correlation of x [N,C,H,W] with w [O,C,kh,kw] → [N,O,H−kh+1,W−kw+1],
 * differentiable on the wasm backend.
 */
const convValid = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, w, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
  const [o, c, kh, kw] = w.shape as [number, number, number, number];
  const y = tf.transpose(tf.conv2d(tf.transpose(x, NCHW_TO_NHWC), tf.transpose(w, [2, 3, 1, 0]), 1, 'valid'), NHWC_TO_NCHW);
  save([x, w]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [xs, ws] = saved;
      // dx: the output gradient, zero-padded by the kernel size − 1, against the kernel flipped in
      // both spatial axes with its input and output channels swapped.
      const dyPadded = tf.pad(tf.transpose(dy, NCHW_TO_NHWC), [[0, 0], [kh - 1, kh - 1], [kw - 1, kw - 1], [0, 0]]) as tf.Tensor4D;
      const flipped = tf.reverse(tf.transpose(ws, [2, 3, 0, 1]), [0, 1]) as tf.Tensor4D;
      const dx = tf.transpose(tf.conv2d(dyPadded, flipped, 1, 'valid'), NHWC_TO_NCHW);
      // dw[o,c,i,j] = Σ dy[n,o,y,x]·x[n,c,y+i,x+j]: x as a batch of C images with N channels,
      // filtered by dy as an [H', W', N, O] kernel.
      const dw = tf.conv2d(tf.transpose(xs, [1, 2, 3, 0]) as tf.Tensor4D, tf.transpose(dy, [2, 3, 0, 1]) as tf.Tensor4D, 1, 'valid');
      return [dx, tf.reshape(tf.transpose(dw, [3, 0, 1, 2]), [o, c, kh, kw])];
    },
  };
});

function conv(ctx: OpContext): tf.Tensor {
  const x = required(ctx, 0);
  const w = required(ctx, 1);
  const bias = ctx.input(2);
  if (x.rank !== 4 || w.rank !== 4) unsupported(ctx, 'only 2-D convolutions (NCHW input, OIHW weight) are supported');
  if (numberAttr(ctx.node, 'group', 1) !== 1) unsupported(ctx, 'grouped convolutions are not supported');
  const autoPad = ctx.node.attributes.auto_pad;
  if (autoPad !== undefined && autoPad !== 'NOTSET') unsupported(ctx, `auto_pad ${String(autoPad)} is not supported`);
  if ((numbersAttr(ctx.node, 'dilations') ?? [1, 1]).some((d) => d !== 1)) unsupported(ctx, 'dilated convolutions are not supported');
  if ((numbersAttr(ctx.node, 'strides') ?? [1, 1]).some((s) => s !== 1)) unsupported(ctx, 'strided convolutions are not supported');
  const [, c, h, width] = x.shape as [number, number, number, number];
  const [o, wc, kh, kw] = w.shape as [number, number, number, number];
  if (wc !== c) unsupported(ctx, `weight has ${wc} input channels, the input has ${c}`);
  const [top, left, bottom, right] = numbersAttr(ctx.node, 'pads') ?? [0, 0, 0, 0];
  if (h + top + bottom < kh || width + left + right < kw) unsupported(ctx, `a ${kh}×${kw} kernel does not fit a ${h}×${width} input`);
  const padded = top + bottom + left + right === 0 ? x : tf.pad(x, [[0, 0], [0, 0], [top, bottom], [left, right]]);
  let y = convValid(padded as tf.Tensor4D, w as tf.Tensor4D);
  if (bias !== undefined) y = tf.add(y, tf.reshape(bias, [1, o, 1, 1]));
  return y;
}

function concat(ctx: OpContext): tf.Tensor {
  const parts = ctx.node.inputs.map((_, i) => required(ctx, i));
  const axis = axisOf(ctx, numberAttr(ctx.node, 'axis', 0), parts[0].rank);
  const dtypes = new Set(parts.map((p) => p.dtype));
  if (dtypes.size > 1) unsupported(ctx, `inputs mix element types (${[...dtypes].join(', ')})`);
  return parts.length === 1 ? parts[0] : tf.concat(parts, axis);
}

function reshape(ctx: OpContext): tf.Tensor {
  const x = required(ctx, 0);
  const wanted = requiredInts(ctx, 1, 'the target shape');
  const allowZero = numberAttr(ctx.node, 'allowzero', 0) === 1;
  const shape = wanted.map((d, i) => (d === 0 && !allowZero ? (x.shape[i] ?? unsupported(ctx, `dim ${i} copies a dim the input does not have`)) : d));
  return tf.reshape(x, shape);
}

function unsqueeze(ctx: OpContext): tf.Tensor {
  const x = required(ctx, 0);
  const axes = axesOf(ctx, 1);
  if (axes === undefined) unsupported(ctx, 'no axes');
  const rank = x.rank + axes.length;
  const at = new Set(axes.map((a) => axisOf(ctx, a, rank)));
  const shape: number[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) shape.push(at.has(i) ? 1 : x.shape[next++]);
  return tf.reshape(x, shape);
}

function squeeze(ctx: OpContext): tf.Tensor {
  const x = required(ctx, 0);
  const axes = axesOf(ctx, 1);
  const at = axes === undefined ? undefined : new Set(axes.map((a) => axisOf(ctx, a, x.rank)));
  for (const a of at ?? []) if (x.shape[a] !== 1) unsupported(ctx, `cannot squeeze axis ${a} of size ${x.shape[a]}`);
  return tf.reshape(x, x.shape.filter((d, i) => (at === undefined ? d !== 1 : !at.has(i))));
}

function flatten(ctx: OpContext): tf.Tensor {
  const x = required(ctx, 0);
  const axis = numberAttr(ctx.node, 'axis', 1);
  const at = axis < 0 ? axis + x.rank : axis;
  const outer = x.shape.slice(0, at).reduce((p, d) => p * d, 1);
  return tf.reshape(x, [outer, -1]);
}

function shape(ctx: OpContext): tf.Tensor {
  const x = required(ctx, 0);
  const rank = x.rank;
  const clampTo = (v: number): number => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  const start = clampTo(numberAttr(ctx.node, 'start', 0));
  const end = clampTo(numberAttr(ctx.node, 'end', rank));
  return tf.tensor1d(x.shape.slice(start, end), 'int32');
}

function gather(ctx: OpContext): tf.Tensor {
  const x = required(ctx, 0);
  const indices = required(ctx, 1);
  if (indices.dtype !== 'int32') unsupported(ctx, 'indices must be integers');
  const axis = axisOf(ctx, numberAttr(ctx.node, 'axis', 0), x.rank);
  const size = x.shape[axis];
  // ONNX allows negative indices (counted from the end); tf.gather does not.
  const positive = tf.where(tf.less(indices, tf.scalar(0, 'int32')), tf.add(indices, tf.scalar(size, 'int32')), indices);
  return tf.gather(x, positive, axis);
}

function slice(ctx: OpContext): tf.Tensor {
  const x = required(ctx, 0);
  const starts = requiredInts(ctx, 1, 'starts');
  const ends = requiredInts(ctx, 2, 'ends');
  const axes = ctx.input(3) === undefined ? starts.map((_, i) => i) : requiredInts(ctx, 3, 'axes');
  const steps = ctx.input(4) === undefined ? starts.map(() => 1) : requiredInts(ctx, 4, 'steps');
  if (steps.some((s) => s !== 1)) unsupported(ctx, 'only unit steps are supported');
  const begin = x.shape.map(() => 0);
  const size = [...x.shape];
  axes.forEach((rawAxis, k) => {
    const axis = axisOf(ctx, rawAxis, x.rank);
    const dim = x.shape[axis];
    const bound = (v: number): number => Math.min(Math.max(v < 0 ? v + dim : v, 0), dim);
    begin[axis] = bound(starts[k]);
    size[axis] = Math.max(0, bound(ends[k]) - begin[axis]);
  });
  return tf.slice(x, begin, size);
}

function cast(ctx: OpContext): tf.Tensor {
  const to = numberAttr(ctx.node, 'to', 0);
  // TensorProto.DataType: 1 FLOAT, 6 INT32, 7 INT64 (int64 values live in int32 tensors here).
  if (to === 1) return tf.cast(required(ctx, 0), 'float32');
  if (to === 6 || to === 7) return tf.cast(required(ctx, 0), 'int32');
  return unsupported(ctx, `cast to element type ${to} is not supported`);
}

/** The layout ops and Conv, by op type. */
export const LAYOUT_OPS: Readonly<Record<string, OpImpl>> = {
  Conv: conv,
  Concat: concat,
  Reshape: reshape,
  Unsqueeze: unsqueeze,
  Squeeze: squeeze,
  Flatten: flatten,
  Shape: shape,
  Gather: gather,
  Slice: slice,
  Cast: cast,
};
