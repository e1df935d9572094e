/**
 * Messages between a model pool (main thread) and its session workers. Tensors travel as
 * {@link TensorData}; their buffers are transferred, not copied, where the sender owns them.
 */
import type { ExecutionProvider } from '../config';
import type { RuntimeErrorData } from '../errors';
import type { TensorMap } from '../tensor';

/** An input or output of a loaded graph, as onnxruntime reports it (symbolic dims are strings). */
export interface ValueInfo {
  readonly name: string;
  readonly type: string;
  readonly shape: ReadonlyArray<number | string>;
}

/** The signature of one loaded graph. */
export interface GraphInfo {
  readonly name: string;
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
}

/** What the worker needs to load a model; sent once, as `workerData`. */
export interface WorkerInit {
  readonly model: string;
  readonly graphs: ReadonlyArray<{ readonly name: string; readonly path: string }>;
  readonly executionProvider: ExecutionProvider;
  readonly intraOpNumThreads?: number;
  readonly interOpNumThreads?: number;
}

/**
 * Main thread → worker. `shutdown` asks the worker to release its sessions and exit once no run is
 * in flight (terminating a thread inside a native onnxruntime call aborts the whole process, so the
 * pool never does that). `crash` is a fault-injection hook: the worker exits at once, abnormally.
 */
export type ToWorker =
  /**
   * Runs `graphs` one after another: the first on `feeds`, each later one on the earlier graphs'
   * outputs of its input names (else the feeds of that name). Only the last graph's outputs come back.
   */
  | { readonly kind: 'run'; readonly id: number; readonly graphs: readonly string[]; readonly feeds: TensorMap }
  | { readonly kind: 'shutdown' }
  | { readonly kind: 'crash' };

/** Worker → main thread. */
export type FromWorker =
  | {
      readonly kind: 'loaded';
      readonly graphs: readonly GraphInfo[];
      readonly provider: ExecutionProvider;
      /** Set when `cuda` was asked for and the worker fell back to `cpu`: why. */
      readonly fallbackReason?: string;
    }
  | { readonly kind: 'load-failed'; readonly error: RuntimeErrorData }
  | { readonly kind: 'result'; readonly id: number; readonly outputs: TensorMap }
  | { readonly kind: 'failed'; readonly id: number; readonly error: RuntimeErrorData };
