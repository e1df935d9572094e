import { cancelled, deadlineExceeded, isVprogError, queueFull, unavailable, type VprogError } from '@vprog/grpc-kit';
import { batcherOptionsSchema, type BatcherOptions, type BatcherOptionsInput } from './batcher-options';

/** What a caller of {@link DynamicBatcher.submit} may attach to one request. */
export interface SubmitOptions {
  /** Cancels the request; while it waits in the queue it leaves the queue at once. */
  readonly signal?: AbortSignal;
  /** The request's deadline; once passed while it waits, it leaves the queue with DEADLINE_EXCEEDED. */
  readonly deadline?: Date;
}

/** The answer to one request, with how it was served. */
export interface BatchedResult<O> {
  readonly output: O;
  /** How many requests ran in the same batch (1 when alone or when isolated after a batch failure). */
  readonly batchSize: number;
  /** Milliseconds the request waited in the queue. */
  readonly queuedMs: number;
}

/** What the batcher reports for metrics and tracing. */
export interface BatcherObserver {
  /** One request left the queue for a batch after waiting `queuedMs`. */
  onDequeue?(queuedMs: number): void;
  /** One batch of `size` requests finished (ok or not) after `computeMs`. */
  onBatch?(size: number, computeMs: number, ok: boolean): void;
  /** A request left the queue without running: `QUEUE_FULL`, `DEADLINE_EXCEEDED` or `CANCELLED`. */
  onDrop?(reason: string): void;
  /** The queue depth changed. */
  onDepth?(depth: number): void;
}

/**
 * Runs a batch of requests. Must return one output per item, in order; a rejection fails the
 * batch (the batcher then isolates it, see {@link createBatcher}).
 */
export type BatchRunner<I, O> = (items: readonly I[]) => Promise<readonly O[]>;

/** A dynamic batcher: requests that arrive together run as one batch. */
export interface DynamicBatcher<I, O> {
  /**
   * Queues one request and resolves with its output once its batch has run.
   * @throws VprogError RESOURCE_EXHAUSTED / QUEUE_FULL when the queue is full; DEADLINE_EXCEEDED
   *   or CANCELLED when the request's deadline passes or its signal aborts while it waits (the
   *   signal's own VprogError reason is used when it has one); UNAVAILABLE / BATCHER_CLOSED after
   *   {@link close}; whatever the runner throws for this request.
   */
  submit(item: I, options?: SubmitOptions): Promise<BatchedResult<O>>;
  /** Requests waiting in the queue (not those already running). */
  readonly depth: number;
  /** Batches running right now. */
  readonly running: number;
  /**
   * Stops waiting for fuller batches, runs everything queued, and resolves when nothing is queued
   * or running. Used to retire a model version: new requests go elsewhere while this one drains.
   */
  drain(): Promise<void>;
  /** Rejects every queued request with `reason` (default UNAVAILABLE) and refuses new ones. */
  close(reason?: VprogError): void;
}

interface Entry<I, O> {
  readonly item: I;
  readonly enqueuedAt: number;
  readonly resolve: (result: BatchedResult<O>) => void;
  readonly reject: (error: unknown) => void;
  settled: boolean;
  queued: boolean;
  cleanup: () => void;
}

/**
 * Creates a dynamic batcher with Triton's semantics: a batch is dispatched as soon as
 * `maxBatchSize` requests are queued and a batch slot is free; a smaller batch waits at most
 * `maxQueueDelayMs` from its oldest request. At most `maxConcurrentBatches` batches run at once
 * (one per model worker), so under load requests pile up and the batches grow. The queue holds at
 * most `queueCapacity` requests; more are refused with RESOURCE_EXHAUSTED instead of growing
 * latency without bound.
 *
 * A failing batch of several requests is re-run one request at a time, so one bad request (say, a
 * phrase outside a teacher's label space) fails alone and its neighbours still get answers.
 *
 * @throws ZodError when the options are out of range.
 */
export function createBatcher<I, O>(input: BatcherOptionsInput, run: BatchRunner<I, O>, observer: BatcherObserver = {}): DynamicBatcher<I, O> {
  const options: BatcherOptions = batcherOptionsSchema.parse(input);
  const queue: Entry<I, O>[] = [];
  let running = 0;
  let draining = false;
  let closed: VprogError | undefined;
  let timer: NodeJS.Timeout | undefined;
  const idle: Array<() => void> = [];

  const depthChanged = (): void => observer.onDepth?.(queue.length);
  const notifyIdle = (): void => {
    if (queue.length > 0 || running > 0) return;
    for (const done of idle.splice(0)) done();
  };

  const remove = (entry: Entry<I, O>): void => {
    const index = queue.indexOf(entry);
    if (index >= 0) queue.splice(index, 1);
    entry.queued = false;
    depthChanged();
  };

  const drop = (entry: Entry<I, O>, error: VprogError): void => {
    if (entry.settled || !entry.queued) return;
    remove(entry);
    entry.settled = true;
    entry.cleanup();
    observer.onDrop?.(error.reason);
    entry.reject(error);
    notifyIdle();
  };

  const schedule = (at: number): void => {
    timer = setTimeout(() => {
      timer = undefined;
      pump();
    }, Math.max(0, at - Date.now()));
  };

  const pump = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    while (running < options.maxConcurrentBatches && queue.length > 0) {
      if (queue.length < options.maxBatchSize && !draining) {
        const dueAt = queue[0].enqueuedAt + options.maxQueueDelayMs;
        if (Date.now() < dueAt) {
          schedule(dueAt);
          return;
        }
      }
      const batch = queue.splice(0, options.maxBatchSize);
      depthChanged();
      void execute(batch);
    }
  };

  const execute = async (batch: Entry<I, O>[]): Promise<void> => {
    running += 1;
    const started = Date.now();
    for (const entry of batch) {
      entry.queued = false;
      entry.cleanup();
      observer.onDequeue?.(started - entry.enqueuedAt);
    }
    const settle = (entry: Entry<I, O>, outcome: { output: O; size: number } | { error: unknown }): void => {
      if (entry.settled) return;
      entry.settled = true;
      if ('error' in outcome) entry.reject(outcome.error);
      else entry.resolve({ output: outcome.output, batchSize: outcome.size, queuedMs: started - entry.enqueuedAt });
    };
    try {
      const outcomes = await runIsolated(batch.map((e) => e.item), run, observer);
      batch.forEach((entry, i) => settle(entry, outcomes[i]));
    } finally {
      running -= 1;
      pump();
      notifyIdle();
    }
  };

  return {
    submit(item, submitOptions = {}) {
      if (closed !== undefined) return Promise.reject(closed);
      const { signal, deadline } = submitOptions;
      if (signal?.aborted) return Promise.reject(abortError(signal));
      if (deadline !== undefined && deadline.getTime() <= Date.now()) return Promise.reject(deadlineExceeded('deadline exceeded before the request was queued'));
      if (queue.length >= options.queueCapacity) {
        observer.onDrop?.('QUEUE_FULL');
        return Promise.reject(queueFull(`the queue is full (${options.queueCapacity} requests waiting); retry later`));
      }
      return new Promise<BatchedResult<O>>((resolve, reject) => {
        const entry: Entry<I, O> = { item, enqueuedAt: Date.now(), resolve, reject, settled: false, queued: true, cleanup: () => undefined };
        const onAbort = (): void => drop(entry, abortError(signal));
        const deadlineTimer =
          deadline === undefined ? undefined : setTimeout(() => drop(entry, deadlineExceeded('deadline exceeded while waiting in the queue')), deadline.getTime() - Date.now());
        signal?.addEventListener('abort', onAbort, { once: true });
        entry.cleanup = () => {
          signal?.removeEventListener('abort', onAbort);
          if (deadlineTimer !== undefined) clearTimeout(deadlineTimer);
        };
        queue.push(entry);
        depthChanged();
        pump();
      });
    },
    get depth() {
      return queue.length;
    },
    get running() {
      return running;
    },
    drain() {
      draining = true;
      pump();
      return new Promise<void>((resolve) => {
        idle.push(resolve);
        notifyIdle();
      });
    },
    close(reason = unavailable('the model version was retired', { reason: 'BATCHER_CLOSED' })) {
      closed = reason;
      if (timer !== undefined) clearTimeout(timer);
      for (const entry of [...queue]) drop(entry, reason);
    },
  };
}

/** Runs a batch; when a batch of several fails, runs each request alone so failures stay per request. */
async function runIsolated<I, O>(items: readonly I[], run: BatchRunner<I, O>, observer: BatcherObserver): Promise<Array<{ output: O; size: number } | { error: unknown }>> {
  const started = performance.now();
  try {
    const outputs = await run(items);
    if (outputs.length !== items.length) throw new Error(`batch runner returned ${outputs.length} outputs for ${items.length} requests`);
    observer.onBatch?.(items.length, performance.now() - started, true);
    return outputs.map((output) => ({ output, size: items.length }));
  } catch (error) {
    if (items.length === 1) {
      observer.onBatch?.(1, performance.now() - started, false);
      return [{ error }];
    }
    observer.onBatch?.(items.length, performance.now() - started, false);
    return Promise.all(items.map((item) => runIsolated([item], run, observer).then((r) => r[0])));
  }
}

function abortError(signal: AbortSignal | undefined): VprogError {
  const reason: unknown = signal?.reason;
  return isVprogError(reason) ? reason : cancelled('the call was cancelled while waiting in the queue');
}
