import { modelError } from './errors';

/**
 * Tensors and the runner seam. This library never imports onnxruntime: it builds feeds as plain
 * typed arrays and calls an injected {@link GraphRunner} (implemented with `@vprog/onnx-runtime`
 * in the services and the CLI, and by test doubles in unit tests). The shapes match
 * `@vprog/onnx-runtime`'s `TensorData` structurally.
 */

/** A dense row-major tensor; float32 for images and features, int64 for token ids. */
export interface Tensor {
  readonly type: 'float32' | 'int64' | 'int32' | 'uint8' | 'bool';
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
}

/** Named tensors. */
export type TensorMap = Record<string, Tensor>;

/** Per-call options of a {@link GraphRunner}. */
export interface GraphRunOptions {
  /**
   * The feeds were built for this call alone: the runtime may take their buffers over instead of
   * copying them (the caller's arrays are unusable afterwards).
   */
  readonly transfer?: boolean;
}

/**
 * Runs graphs one after another inside the runtime (e.g. `['backbone', 'head']`): the first on
 * the feeds, each later one on the outputs before it of its input names (else the feeds of that
 * name). Resolves with the last graph's outputs; the intermediate ones never come back.
 */
export type ChainRunner = (graphs: readonly string[], feeds: TensorMap, options?: GraphRunOptions) => Promise<TensorMap>;

/**
 * Runs one graph of a model (`backbone`, `head` or `model`) on a batch of feeds. A runner that can
 * also run a chain of graphs in one go offers it as `chain`; {@link runModel} then uses it for
 * head-split models. Implementations may throw their own typed errors; predictors let them through.
 */
export type GraphRunner = ((graph: string, feeds: TensorMap, options?: GraphRunOptions) => Promise<TensorMap>) & { readonly chain?: ChainRunner };

/**
 * The float32 output `name` with the dims it must have (`-1` = any), or a typed error. Predictors
 * read every model output through this, so a model that breaks its manifest fails loudly.
 * @throws ModelError MODEL_OUTPUT_INVALID when the output is missing, not float32 or mis-shaped.
 */
export function floatOutput(outputs: TensorMap, name: string, dims: readonly number[]): Float32Array {
  const tensor = outputs[name];
  if (tensor === undefined) throw modelError('MODEL_OUTPUT_INVALID', `the model returned no output ${name}`, { output: name });
  const shapeOk = tensor.dims.length === dims.length && dims.every((d, i) => d === -1 || d === tensor.dims[i]);
  if (tensor.type !== 'float32' || !shapeOk) {
    throw modelError('MODEL_OUTPUT_INVALID', `output ${name} is ${tensor.type} [${tensor.dims}], expected float32 [${dims}]`, {
      output: name,
    });
  }
  return tensor.data as Float32Array;
}
