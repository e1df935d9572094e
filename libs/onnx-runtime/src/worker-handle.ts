import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ExecutionProvider } from './config';
import { fromRuntimeErrorData, runtimeError, type RuntimeError } from './errors';
import type { TensorMap } from './tensor';
import type { FromWorker, GraphInfo, ToWorker, WorkerInit } from './worker/protocol';

/** What a worker reports once its sessions are loaded. */
export interface WorkerReady {
  readonly graphs: readonly GraphInfo[];
  readonly provider: ExecutionProvider;
  readonly fallbackReason?: string;
}

interface Pending {
  readonly resolve: (outputs: TensorMap) => void;
  readonly reject: (error: RuntimeError) => void;
}

const BOOTSTRAP = join(__dirname, 'worker', 'bootstrap.js');

/**
 * One session worker seen from the main thread: it starts the thread, waits for the load report,
 * matches replies to requests by id, and rejects every pending request with WORKER_CRASHED if the
 * thread dies. Internal to the pool.
 */
export class WorkerHandle {
  readonly ready: Promise<WorkerReady>;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited = false;
  private loaded = false;
  private terminating = false;

  constructor(
    private readonly init: WorkerInit,
    private readonly onCrash: (handle: WorkerHandle, error: RuntimeError) => void,
  ) {
    this.worker = new Worker(BOOTSTRAP, { workerData: init, stdout: false, stderr: false });
    this.ready = new Promise<WorkerReady>((resolve, reject) => {
      const onLoad = (message: FromWorker): void => {
        if (message.kind === 'loaded') {
          this.worker.off('message', onLoad);
          this.worker.on('message', (m: FromWorker) => this.onMessage(m));
          this.loaded = true;
          resolve(message);
        } else if (message.kind === 'load-failed') {
          this.worker.off('message', onLoad);
          reject(fromRuntimeErrorData(message.error));
        }
      };
      this.worker.on('message', onLoad);
      this.worker.once('exit', (code) =>
        reject(runtimeError('WORKER_CRASHED', `model ${init.model}: worker exited with code ${code} while loading`, { model: init.model })),
      );
    });
    this.ready.catch(() => undefined);
    this.worker.on('error', (error) => this.handleExit(`failed: ${error.message}`));
    this.worker.on('exit', (code) => this.handleExit(`exited with code ${code}`));
  }

  /** Requests in flight on this worker. */
  get load(): number {
    return this.pending.size;
  }

  /** False once the thread has exited or is being terminated. */
  get alive(): boolean {
    return !this.exited && !this.terminating;
  }

  /** True when the sessions are loaded and the thread is alive: it can take requests. */
  get serving(): boolean {
    return this.loaded && this.alive;
  }

  /**
   * Runs a chain of graphs (see the protocol's `run`); resolves with the last one's outputs.
   * `transfer` hands the feed buffers to the worker.
   */
  run(graphs: readonly string[], feeds: TensorMap, transfer: boolean): Promise<TensorMap> {
    if (!this.alive) {
      const reason = this.terminating ? 'RUNTIME_CLOSED' : 'WORKER_CRASHED';
      return Promise.reject(runtimeError(reason, `model ${this.init.model}: session worker is gone`, { model: this.init.model }));
    }
    const id = this.nextId++;
    return new Promise<TensorMap>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const message: ToWorker = { kind: 'run', id, graphs, feeds };
      const buffers = transfer ? uniqueBuffers(feeds) : [];
      this.worker.postMessage(message, buffers);
    });
  }

  /**
   * Fault injection for tests: the thread exits abnormally as soon as it reads this message, so
   * requests sent after it stay pending until the pool notices the exit, exactly as in a real crash.
   */
  simulateCrash(): void {
    this.worker.postMessage({ kind: 'crash' } satisfies ToWorker);
  }

  /**
   * Stops the thread: pending requests are rejected with `error` at once; the thread itself
   * releases its sessions and exits when its current native run (if any) returns, because
   * terminating a thread inside onnxruntime aborts the process. Resolves when the thread is gone.
   */
  terminate(error: RuntimeError): Promise<void> {
    this.terminating = true;
    this.rejectAll(error);
    if (this.exited) return Promise.resolve();
    const gone = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    if (this.loaded) this.worker.postMessage({ kind: 'shutdown' } satisfies ToWorker);
    else void this.ready.then(() => this.worker.postMessage({ kind: 'shutdown' } satisfies ToWorker), () => undefined);
    return gone;
  }

  private onMessage(message: FromWorker): void {
    if (message.kind !== 'result' && message.kind !== 'failed') return;
    const entry = this.pending.get(message.id);
    if (entry === undefined) return;
    this.pending.delete(message.id);
    if (message.kind === 'result') entry.resolve(message.outputs);
    else entry.reject(fromRuntimeErrorData(message.error));
  }

  private handleExit(how: string): void {
    if (this.exited) return;
    this.exited = true;
    if (this.terminating || !this.loaded) return;
    const error = runtimeError('WORKER_CRASHED', `model ${this.init.model}: session worker ${how}`, { model: this.init.model });
    this.rejectAll(error);
    this.onCrash(this, error);
  }

  private rejectAll(error: RuntimeError): void {
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(error);
  }
}

function uniqueBuffers(feeds: TensorMap): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const tensor of Object.values(feeds)) {
    const buffer = tensor.data.buffer;
    // A tag check, not instanceof: the array may come from another realm (a test VM, a worker).
    if (Object.prototype.toString.call(buffer) === '[object ArrayBuffer]') buffers.add(buffer as ArrayBuffer);
  }
  return [...buffers];
}
