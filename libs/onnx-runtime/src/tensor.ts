/**
 * The tensor shape that crosses every boundary of this library: plain typed arrays plus dims, so it
 * can be posted to a worker thread (and its buffer transferred) without onnxruntime types leaking
 * out. Domain code builds these directly; `@vprog/models` declares the same structure on its side.
 */

/** Element types the module models use. int64 carries token ids; bool/uint8 are for masks. */
export type TensorType = 'float32' | 'int64' | 'int32' | 'uint8' | 'bool';

/** The typed array that backs each {@link TensorType}. */
export type TensorArray = Float32Array | BigInt64Array | Int32Array | Uint8Array;

/** A dense row-major tensor. `data.length` must equal the product of `dims`. */
export interface TensorData {
  readonly type: TensorType;
  readonly dims: readonly number[];
  readonly data: TensorArray;
}

/** Named tensors: the feeds of a run and the outputs it returns. */
export type TensorMap = Record<string, TensorData>;

/** Number of elements a tensor of these dims holds (1 for a scalar). */
export function tensorSize(dims: readonly number[]): number {
  return dims.reduce((acc, d) => acc * d, 1);
}

/** A float32 tensor; exists so callers don't repeat the `{type, dims, data}` literal. */
export function float32Tensor(data: Float32Array | readonly number[], dims: readonly number[]): TensorData {
  const array = data instanceof Float32Array ? data : Float32Array.from(data);
  return { type: 'float32', dims: [...dims], data: array };
}

/** An int64 tensor from plain numbers (token ids); onnxruntime wants a BigInt64Array. */
export function int64Tensor(data: BigInt64Array | readonly number[], dims: readonly number[]): TensorData {
  const array = data instanceof BigInt64Array ? data : BigInt64Array.from(data, (v) => BigInt(v));
  return { type: 'int64', dims: [...dims], data: array };
}

/** Allocates an empty typed array of the right kind for `type`. */
export function allocateArray(type: TensorType, length: number): TensorArray {
  switch (type) {
    case 'float32':
      return new Float32Array(length);
    case 'int64':
      return new BigInt64Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'uint8':
    case 'bool':
      return new Uint8Array(length);
  }
}
