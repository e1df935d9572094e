import { parseRuntimeOptions, type ExecutionProvider, type RuntimeOptions, type RuntimeOptionsInput } from './config';
import { runtimeError, type RuntimeError } from './errors';
import { stderrLogger, type RuntimeLogger } from './logger';
import { verifyModelFiles, type ModelSpec } from './model-spec';
import type { TensorMap } from './tensor';
import { WorkerHandle, type WorkerReady } from './worker-handle';
import type { GraphInfo, WorkerInit } from './worker/protocol';

/** Per-call options of {@link LoadedModel.run}. */
export interface RunOptions {
  /**
   * Hand the feeds' buffers to the worker instead of copying them (faster for big inputs). The
   * caller's typed arrays are detached afterwards, so only pass `true` for arrays built for this call.
   */
  readonly transfer?: boolean;
}

/** Options of {@link loadModel}: runtime options plus an injectable logger. */
export interface LoadModelOptions extends RuntimeOptionsInput {
  readonly logger?: RuntimeLogger;
}

/** A model whose graphs are loaded in a pool of worker threads. */
export interface LoadedModel {
  /** The model's name, from the spec. */
  readonly name: string;
  /** Input/output signatures of every graph, by graph name. */
  readonly graphs: Readonly<Record<string, GraphInfo>>;
  /** The provider the sessions actually use (`cpu` after a CUDA fallback). */
  readonly provider: ExecutionProvider;
  /** The validated runtime options in force. */
  readonly options: RuntimeOptions;
  /**
   * Runs one graph on the least busy worker. The batch dimension may be > 1.
   * @throws RuntimeError INFERENCE_FAILED (bad feeds), WORKER_CRASHED (the worker died; the pool
   *   starts a replacement), RUNTIME_CLOSED (after close()).
   */
  run(graph: string, feeds: TensorMap, options?: RunOptions): Promise<TensorMap>;
  /**
   * Runs `graphs` one after another on one worker, e.g. `['backbone', 'head']`: the first graph
   * gets `feeds`; each later graph reads its inputs by name from the outputs before it, else from
   * `feeds`. Resolves with the last graph's outputs. The intermediate outputs never leave the
   * worker, which saves a round trip and two copies of them per call.
   * @throws as {@link run}; INFERENCE_FAILED also when a later graph's input is nowhere to be found.
   */
  runChain(graphs: readonly string[], feeds: TensorMap, options?: RunOptions): Promise<TensorMap>;
  /**
   * Stops the workers. By default waits for in-flight requests to finish first (hot swap retires an
   * old version this way); `{ drain: false }` rejects them with RUNTIME_CLOSED. Idempotent.
   */
  close(options?: { readonly drain?: boolean }): Promise<void>;
  /**
   * Fault injection for tests and drills: makes one serving worker exit abruptly. Its pending
   * requests reject with WORKER_CRASHED and the pool starts a replacement.
   */
  simulateWorkerCrash(): void;
}

/**
 * Loads a model into `poolSize` worker threads, each holding one onnxruntime session per graph.
 * Files are checked (existence, sha256) before any worker starts.
 * @throws RuntimeError MODEL_FILE_MISSING / MODEL_FILE_CORRUPT naming the file; ZodError for bad options.
 */
export async function loadModel(spec: ModelSpec, options: LoadModelOptions = {}): Promise<LoadedModel> {
  const { logger = stderrLogger, ...rest } = options;
  const parsed = parseRuntimeOptions(rest);
  await verifyModelFiles(spec);
  const init: WorkerInit = {
    model: spec.name,
    graphs: Object.entries(spec.graphs).map(([name, file]) => ({ name, path: file.path })),
    executionProvider: parsed.executionProvider,
    ...(parsed.intraOpNumThreads !== undefined ? { intraOpNumThreads: parsed.intraOpNumThreads } : {}),
    ...(parsed.interOpNumThreads !== undefined ? { interOpNumThreads: parsed.interOpNumThreads } : {}),
  };
  const pool = new ModelPool(spec.name, init, parsed);
  const ready = await pool.start();
  if (ready.fallbackReason !== undefined) {
    logger.warn(
      `onnx-runtime: model ${spec.name}: CUDA execution provider unavailable (${ready.fallbackReason}); falling back to CPU`,
    );
  }
  return pool.toLoadedModel(ready);
}

class ModelPool {
  private workers: WorkerHandle[] = [];
  private closed = false;
  private closing: Promise<void> | undefined;
  private replacements: Array<Promise<WorkerReady>> = [];
  private readonly inFlight = new Set<Promise<TensorMap>>();

  constructor(
    private readonly name: string,
    private readonly init: WorkerInit,
    private readonly options: RuntimeOptions,
  ) {}

  async start(): Promise<WorkerReady> {
    this.workers = Array.from({ length: this.options.poolSize }, () => this.spawn());
    try {
      const reports = await Promise.all(this.workers.map((w) => w.ready));
      return reports[0];
    } catch (error) {
      await this.close(false);
      throw error;
    }
  }

  toLoadedModel(ready: WorkerReady): LoadedModel {
    const graphs: Record<string, GraphInfo> = {};
    for (const graph of ready.graphs) graphs[graph.name] = graph;
    return {
      name: this.name,
      graphs,
      provider: ready.provider,
      options: this.options,
      run: (graph, feeds, runOptions) => this.run([graph], feeds, runOptions?.transfer ?? false),
      runChain: (chain, feeds, runOptions) => this.run(chain, feeds, runOptions?.transfer ?? false),
      close: (closeOptions) => this.close(closeOptions?.drain ?? true),
      simulateWorkerCrash: () => this.workers.find((w) => w.serving)?.simulateCrash(),
    };
  }

  private spawn(): WorkerHandle {
    return new WorkerHandle(this.init, (handle) => this.replace(handle));
  }

  /** A crashed worker is swapped for a fresh one so the pool keeps its size. */
  private replace(crashed: WorkerHandle): void {
    if (this.closed) return;
    const fresh = this.spawn();
    this.workers = this.workers.map((w) => (w === crashed ? fresh : w));
    const ready = fresh.ready;
    this.replacements.push(ready);
    const forget = (): void => {
      this.replacements = this.replacements.filter((r) => r !== ready);
    };
    ready.then(forget, forget);
  }

  /** The least busy serving worker, or undefined while every worker is being replaced. */
  private pick(): WorkerHandle | undefined {
    const candidates = this.workers.filter((w) => w.serving);
    if (candidates.length === 0) return undefined;
    return candidates.reduce((best, w) => (w.load < best.load ? w : best));
  }

  private run(graphs: readonly string[], feeds: TensorMap, transfer: boolean): Promise<TensorMap> {
    if (this.closed) return Promise.reject(this.closedError());
    // Hand the request to a worker synchronously when one is serving, so a close() right after
    // run() already sees it in flight.
    const worker = this.pick();
    const result = worker !== undefined ? worker.run(graphs, feeds, transfer) : this.runAfterReplacement(graphs, feeds, transfer);
    this.inFlight.add(result);
    const forget = (): void => {
      this.inFlight.delete(result);
    };
    result.then(forget, forget);
    return result;
  }

  private async runAfterReplacement(graphs: readonly string[], feeds: TensorMap, transfer: boolean): Promise<TensorMap> {
    for (;;) {
      if (this.closed) throw this.closedError();
      const worker = this.pick();
      if (worker !== undefined) return worker.run(graphs, feeds, transfer);
      if (this.replacements.length === 0) {
        throw runtimeError('WORKER_CRASHED', `model ${this.name}: no live session worker`, { model: this.name });
      }
      await Promise.any(this.replacements).catch(() => undefined);
    }
  }

  private close(drain: boolean): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    this.closed = true;
    this.closing = (async () => {
      if (drain) await Promise.allSettled([...this.inFlight]);
      await Promise.all(this.workers.map((w) => w.terminate(this.closedError())));
    })();
    return this.closing;
  }

  private closedError(): RuntimeError {
    return runtimeError('RUNTIME_CLOSED', `model ${this.name} is closed`, { model: this.name });
  }
}
