import { runtimeError } from './errors';
import { allocateArray, tensorSize, type TensorArray, type TensorData, type TensorMap } from './tensor';

/** Which feeds and outputs are not batched (e.g. classify's category tokens `[K, L]`). */
export interface BatchLayout {
  /** Inputs every request shares; taken from the first request, and they must be equal in all. */
  readonly sharedInputs?: readonly string[];
  /** Outputs that are not per item (e.g. `text_features [K, E]`); every request gets the whole tensor. */
  readonly sharedOutputs?: readonly string[];
}

/** Feeds of several requests concatenated along dim 0, and how many items each request had. */
export interface ConcatenatedBatch {
  readonly feeds: TensorMap;
  readonly sizes: readonly number[];
}

/**
 * Concatenates several requests along the batch dimension (dim 0) so they run as one call: the
 * building block of the dynamic batcher in the module services.
 * @throws RuntimeError BATCH_MISMATCH when the requests have different input names, element types,
 *   trailing dims, or different shared inputs.
 */
export function concatBatch(requests: readonly TensorMap[], layout: BatchLayout = {}): ConcatenatedBatch {
  if (requests.length === 0) throw runtimeError('BATCH_MISMATCH', 'cannot batch zero requests');
  const shared = new Set(layout.sharedInputs ?? []);
  const first = requests[0];
  const names = Object.keys(first).sort();
  for (const request of requests) {
    const keys = Object.keys(request).sort();
    if (keys.join('\u0000') !== names.join('\u0000')) {
      throw runtimeError('BATCH_MISMATCH', `requests feed different inputs: [${names}] vs [${keys}]`);
    }
  }
  const batchNames = names.filter((n) => !shared.has(n));
  if (batchNames.length === 0) throw runtimeError('BATCH_MISMATCH', 'no batched input to take the batch size from');
  const sizes = requests.map((r) => r[batchNames[0]].dims[0]);
  const feeds: TensorMap = {};
  for (const name of names) {
    feeds[name] = shared.has(name) ? sharedTensor(name, requests) : concatTensors(name, requests.map((r) => r[name]), sizes);
  }
  return { feeds, sizes };
}

/**
 * Splits the outputs of a batched run back into one output map per request (the inverse of
 * {@link concatBatch}). Each part is a copy, so callers may keep or transfer it.
 * @throws RuntimeError BATCH_MISMATCH when a batched output's dim 0 is not the sum of `sizes`.
 */
export function splitBatch(outputs: TensorMap, sizes: readonly number[], layout: BatchLayout = {}): TensorMap[] {
  const shared = new Set(layout.sharedOutputs ?? []);
  const total = sizes.reduce((a, b) => a + b, 0);
  const parts: TensorMap[] = sizes.map(() => ({}));
  for (const [name, tensor] of Object.entries(outputs)) {
    if (shared.has(name)) {
      for (const part of parts) part[name] = tensor;
      continue;
    }
    if (tensor.dims[0] !== total) {
      throw runtimeError('BATCH_MISMATCH', `output ${name} has dim 0 = ${tensor.dims[0]}, expected the batch size ${total}`);
    }
    const row = tensorSize(tensor.dims.slice(1));
    let offset = 0;
    sizes.forEach((size, i) => {
      const data = tensor.data.slice(offset * row, (offset + size) * row) as TensorArray;
      parts[i][name] = { type: tensor.type, dims: [size, ...tensor.dims.slice(1)], data };
      offset += size;
    });
  }
  return parts;
}

/**
 * Runs several requests as one batched call and hands each its own outputs. The concatenated feeds
 * are fresh arrays (shared inputs are copied too), so they are transferred to the worker.
 * @throws whatever `run` throws, and RuntimeError BATCH_MISMATCH (see {@link concatBatch}).
 */
export async function runBatched(
  run: (feeds: TensorMap, options: { transfer: boolean }) => Promise<TensorMap>,
  requests: readonly TensorMap[],
  layout: BatchLayout = {},
): Promise<TensorMap[]> {
  const { feeds, sizes } = concatBatch(requests, layout);
  const outputs = await run(feeds, { transfer: true });
  return splitBatch(outputs, sizes, layout);
}

function concatTensors(name: string, tensors: readonly TensorData[], sizes: readonly number[]): TensorData {
  const { type, dims } = tensors[0];
  const trailing = dims.slice(1);
  for (const t of tensors) {
    if (t.type !== type || t.dims.length !== dims.length || t.dims.slice(1).some((d, i) => d !== trailing[i])) {
      throw runtimeError('BATCH_MISMATCH', `input ${name}: [${t.type} ${t.dims}] cannot be batched with [${type} ${dims}]`);
    }
  }
  const total = sizes.reduce((a, b) => a + b, 0);
  const row = tensorSize(trailing);
  const data = allocateArray(type, total * row);
  let offset = 0;
  for (const t of tensors) {
    (data as Float32Array).set(t.data as Float32Array, offset);
    offset += t.data.length;
  }
  if (offset !== total * row) throw runtimeError('BATCH_MISMATCH', `input ${name}: data length does not match its dims`);
  return { type, dims: [total, ...trailing], data };
}

/** The shared input, checked equal across requests and copied (so the batch owns every buffer). */
function sharedTensor(name: string, requests: readonly TensorMap[]): TensorData {
  const first = requests[0][name];
  for (const request of requests) {
    const t = request[name];
    if (t.type !== first.type || t.dims.join() !== first.dims.join() || !sameElements(t.data, first.data)) {
      throw runtimeError('BATCH_MISMATCH', `shared input ${name} differs between the requests`);
    }
  }
  return { type: first.type, dims: [...first.dims], data: first.data.slice() as TensorArray };
}

function sameElements(a: TensorArray, b: TensorArray): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
