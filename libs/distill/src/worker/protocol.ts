/**
 * Messages between `trainHeadInWorker` (the caller's thread) and the training worker. Every float
 * of the examples travels in one packed Float32Array whose buffer is transferred, not copied per
 * tensor; a tensor shared by many examples (classify's text features) is packed once. The worker
 * reads its tensors as views into that buffer. Candidate heads come back as transferred buffers.
 */
import { distillError, type DistillErrorData } from '../distill-error';
import { tensorProblem, type FloatTensor } from '../float-tensor';
import type { HeadCandidate, LossPoint } from '../head-trainer';
import type { TrainOptions } from '../train-options';
import type { TrainingExample } from '../training-data';

/** A tensor as a slice of the packed buffer. */
export interface PackedTensor {
  readonly dims: readonly number[];
  readonly offset: number;
  readonly length: number;
}

/** A training example whose tensors are slices of the packed buffer. */
export interface PackedExample {
  readonly feeds: Readonly<Record<string, PackedTensor>>;
  readonly sharedKey?: string;
  readonly target?: PackedTensor;
  readonly weight: number;
  readonly kind: 'target' | 'anchor';
}

/** What the worker is started with (`workerData`). */
export interface WorkerInit {
  readonly head: Uint8Array;
  readonly floats: Float32Array;
  readonly examples: readonly PackedExample[];
  readonly options: TrainOptions;
}

/** Worker → caller. */
export type FromWorker =
  | { readonly kind: 'epoch'; readonly point: LossPoint }
  | { readonly kind: 'done'; readonly candidates: readonly HeadCandidate[]; readonly lossCurve: readonly LossPoint[] }
  | { readonly kind: 'failed'; readonly error: DistillErrorData };

/**
 * Packs the examples' tensors into one buffer.
 * @throws DistillError INVALID_EXAMPLE for a tensor whose data is not a Float32Array that fits its dims.
 */
export function packExamples(examples: readonly TrainingExample[]): { floats: Float32Array; examples: PackedExample[] } {
  const seen = new Map<Float32Array, number>();
  const order: Float32Array[] = [];
  let total = 0;
  const place = (t: FloatTensor | undefined, index: number, what: string): PackedTensor => {
    const problem = tensorProblem(t);
    if (problem !== undefined) throw distillError('INVALID_EXAMPLE', `example ${index}: ${what} ${problem}`, { example: String(index) });
    let offset = seen.get(t!.data);
    if (offset === undefined) {
      offset = total;
      seen.set(t!.data, offset);
      order.push(t!.data);
      total += t!.data.length;
    }
    return { dims: [...t!.dims], offset, length: t!.data.length };
  };
  const packed = examples.map((e, index): PackedExample => {
    const feeds: Record<string, PackedTensor> = {};
    for (const [name, t] of Object.entries(e.feeds ?? {})) feeds[name] = place(t, index, `feed ${name}`);
    return {
      feeds,
      ...(e.sharedKey !== undefined ? { sharedKey: e.sharedKey } : {}),
      ...(e.target !== undefined ? { target: place(e.target, index, 'target') } : {}),
      weight: e.weight,
      kind: e.kind,
    };
  });
  const floats = new Float32Array(total);
  let offset = 0;
  for (const data of order) {
    floats.set(data, offset);
    offset += data.length;
  }
  return { floats, examples: packed };
}

/** Rebuilds the examples as views into the packed buffer (no copy). */
export function unpackExamples(floats: Float32Array, packed: readonly PackedExample[]): TrainingExample[] {
  const view = (p: PackedTensor): FloatTensor => ({ dims: p.dims, data: floats.subarray(p.offset, p.offset + p.length) });
  return packed.map((p) => {
    const feeds: Record<string, FloatTensor> = {};
    for (const [name, t] of Object.entries(p.feeds)) feeds[name] = view(t);
    return {
      feeds,
      ...(p.sharedKey !== undefined ? { sharedKey: p.sharedKey } : {}),
      ...(p.target !== undefined ? { target: view(p.target) } : {}),
      weight: p.weight,
      kind: p.kind,
    };
  });
}
