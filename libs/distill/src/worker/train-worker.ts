/**
 * The body of a training worker thread: unpacks the examples, trains, posts each epoch's losses
 * and then the candidates (their buffers transferred), or the error as plain data. Started through
 * `bootstrap.js`; the caller terminates the thread when it is done or aborted.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { toDistillErrorData } from '../distill-error';
import { trainHead } from '../head-trainer';
import type { FromWorker, WorkerInit } from './protocol';
import { unpackExamples } from './protocol';

const init = workerData as WorkerInit;
const port = parentPort!;
const post = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

trainHead(init.head, unpackExamples(init.floats, init.examples), init.options, { onEpoch: (point) => post({ kind: 'epoch', point }) })
  .then((result) => post({ kind: 'done', candidates: result.candidates, lossCurve: result.lossCurve }, result.candidates.map((c) => c.head.buffer as ArrayBuffer)))
  .catch((error: unknown) => post({ kind: 'failed', error: toDistillErrorData(error) }));
