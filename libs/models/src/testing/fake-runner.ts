/**
 * A test double of our own seam, {@link GraphRunner}: it records every call and answers with
 * whatever the test computes from the feeds. No onnxruntime involved — the predictors' pre- and
 * post-processing are tested on their own; real models are covered by the golden check.
 */
import type { GraphRunner, Tensor, TensorMap } from '../tensor';

/** One recorded call. */
export interface RunnerCall {
  readonly graph: string;
  readonly feeds: TensorMap;
}

/** The fake runner and its call log. */
export interface FakeRunner {
  readonly run: GraphRunner;
  readonly calls: RunnerCall[];
}

/** Builds a fake runner from a per-graph answer function. */
export function fakeRunner(answer: (graph: string, feeds: TensorMap) => TensorMap): FakeRunner {
  const calls: RunnerCall[] = [];
  return {
    calls,
    run: async (graph, feeds) => {
      calls.push({ graph, feeds });
      return answer(graph, feeds);
    },
  };
}

/** A float32 tensor. */
export function f32(dims: number[], data: ArrayLike<number>): Tensor {
  return { type: 'float32', dims, data: Float32Array.from(data) };
}

/** A tiny solid-colour image. */
export function solidImage(width: number, height: number, rgb: [number, number, number] = [128, 64, 32]) {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { width, height, channels: 3 as const, data };
}
