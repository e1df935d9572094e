import { createHash } from 'node:crypto';
import { modelError } from '../errors';
import type { Tensor } from '../tensor';

/**
 * The tensors a head trainer consumes: float32 only, shaped like the head's inputs and outputs.
 * They match `@vprog/distill`'s `FloatTensor` structurally, so this library needs no dependency
 * on the trainer.
 */
export interface HeadTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** One example's head inputs, as the backbone computed them, cut out of a batch. */
export interface HeadFeeds {
  readonly feeds: Readonly<Record<string, HeadTensor>>;
  /**
   * Set when some inputs are not per example but shared by every example of a group (classify's
   * `text_features` of one category list): the trainer computes those once per key.
   */
  readonly sharedKey?: string;
}

/**
 * A float32 tensor of a runner's outputs as a {@link HeadTensor}, copied into this thread's own
 * `Float32Array` (a runner's outputs may arrive from a worker as arrays of another realm, which
 * `instanceof` checks downstream would not recognise).
 * @throws ModelError MODEL_OUTPUT_INVALID when the output is missing or not float32.
 */
export function headTensor(outputs: Readonly<Record<string, Tensor>>, name: string): HeadTensor {
  const tensor = outputs[name];
  if (tensor === undefined || tensor.type !== 'float32') {
    throw modelError('MODEL_OUTPUT_INVALID', `the backbone returned no float32 output ${name}`, { output: name });
  }
  return { dims: [...tensor.dims], data: new Float32Array(tensor.data as Float32Array) };
}

/**
 * Rows `[from, from + count)` of a tensor along its first dimension, copied (so a cached example
 * does not keep a whole batch alive). Throws nothing.
 */
export function sliceRows(tensor: HeadTensor, from: number, count: number): HeadTensor {
  const row = tensor.dims.slice(1).reduce((a, b) => a * b, 1);
  return { dims: [count, ...tensor.dims.slice(1)], data: tensor.data.slice(from * row, (from + count) * row) };
}

/** Bytes held by a set of head feeds (for a memory-bounded cache). Throws nothing. */
export function headFeedsBytes(feeds: HeadFeeds): number {
  return Object.values(feeds.feeds).reduce((sum, t) => sum + t.data.byteLength, 0);
}

/**
 * The sha256 of some typed arrays and strings, in order: the content hash under which a
 * preprocessed input's backbone features are cached. Throws nothing.
 */
export function contentHash(parts: ReadonlyArray<ArrayBufferView | string>): string {
  const hash = createHash('sha256');
  for (const part of parts) {
    if (typeof part === 'string') hash.update(`s${part.length}:${part}`);
    else hash.update(`b${part.byteLength}:`).update(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
  }
  return hash.digest('hex');
}
