/**
 * The tensor type at this library's boundary: plain dims and a Float32Array, so callers (a module
 * service holding cached backbone features) never touch tfjs, and tensors cross worker threads as
 * they are.
 */

/** A dense float32 tensor in row-major order. */
export interface FloatTensor {
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

/** The number of elements that `dims` describe (1 for a scalar). */
export function elementCount(dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= d;
  return n;
}

/**
 * Why a tensor is malformed (non-integer or negative dims, a data length that disagrees with its
 * dims), or `undefined` when it is well-formed.
 */
export function tensorProblem(tensor: FloatTensor | undefined): string | undefined {
  if (tensor === undefined || typeof tensor !== 'object') return 'is missing';
  if (!Array.isArray(tensor.dims) || !tensor.dims.every((d) => Number.isInteger(d) && d >= 0)) return 'has invalid dims';
  if (!(tensor.data instanceof Float32Array)) return 'data is not a Float32Array';
  const n = elementCount(tensor.dims);
  if (tensor.data.length !== n) return `has ${tensor.data.length} values for dims [${tensor.dims.join(', ')}] (${n} expected)`;
  return undefined;
}

/** Concatenates tensors along their first dim (their other dims must agree; the caller checks). */
export function concatRows(tensors: readonly FloatTensor[]): FloatTensor {
  if (tensors.length === 1) return tensors[0];
  let total = 0;
  let rows = 0;
  for (const t of tensors) {
    total += t.data.length;
    rows += t.dims[0];
  }
  const data = new Float32Array(total);
  let offset = 0;
  for (const t of tensors) {
    data.set(t.data, offset);
    offset += t.data.length;
  }
  return { dims: [rows, ...tensors[0].dims.slice(1)], data };
}
