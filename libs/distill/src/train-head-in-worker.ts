/**
 * Runs {@link trainHead} in a worker thread, so the caller's event loop (a module service that keeps
 * answering gRPC requests and health checks while it trains) is never blocked. The examples' floats
 * are packed into one transferred buffer; the caller's own arrays are left untouched.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { distillError, fromDistillErrorData, type DistillError } from './distill-error';
import type { TrainHooks, TrainResult } from './head-trainer';
import { readHeadModel } from './onnx-head';
import { parseTrainOptions, type TrainOptions } from './train-options';
import type { TrainingExample } from './training-data';
import { packExamples, type FromWorker, type WorkerInit } from './worker/protocol';

const BOOTSTRAP = join(__dirname, 'worker', 'bootstrap.js');

/**
 * Trains a head in a fresh worker thread; same inputs, same result bytes as `trainHead`. `onEpoch`
 * is called on the caller's thread. Aborting `signal` terminates the worker at once.
 * @throws DistillError as `trainHead` does (HEAD_INVALID, HEAD_UNSUPPORTED, INVALID_OPTIONS and
 *   INVALID_EXAMPLE are checked before the worker starts); CANCELLED on abort; TRAINING_FAILED when
 *   the worker crashes or exits early.
 */
export function trainHeadInWorker(head: Uint8Array, examples: readonly TrainingExample[], options: TrainOptions, hooks: TrainHooks = {}): Promise<TrainResult> {
  const { signal } = hooks;
  return new Promise<TrainResult>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(distillError('CANCELLED', 'head training was cancelled before it started'));
      return;
    }
    let init: WorkerInit;
    try {
      parseTrainOptions(options);
      readHeadModel(head);
      const packed = packExamples(examples);
      init = { head: new Uint8Array(head), floats: packed.floats, examples: packed.examples, options };
    } catch (error) {
      reject(error);
      return;
    }
    const worker = new Worker(BOOTSTRAP, { workerData: init, transferList: [init.head.buffer as ArrayBuffer, init.floats.buffer as ArrayBuffer] });
    let settled = false;
    const settle = (outcome: { result: TrainResult } | { error: DistillError | unknown }): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if ('result' in outcome) resolve(outcome.result);
      else reject(outcome.error);
    };
    const onAbort = (): void => settle({ error: distillError('CANCELLED', 'head training was cancelled') });
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'epoch') {
        try {
          hooks.onEpoch?.(message.point);
        } catch (error) {
          // A throwing progress hook stops training, as it does in trainHead.
          settle({ error });
        }
      } else if (message.kind === 'done') settle({ result: { candidates: message.candidates, lossCurve: message.lossCurve } });
      else settle({ error: fromDistillErrorData(message.error) });
    });
    worker.on('error', (error) => settle({ error: distillError('TRAINING_FAILED', `the training worker failed: ${error.message}`) }));
    worker.on('exit', (code) => settle({ error: distillError('TRAINING_FAILED', `the training worker exited (code ${code}) before it finished`, { exitCode: String(code) }) }));
  });
}
