import { hasErrorCode, isVprogError, VprogError } from '@vprog/grpc-kit';
import { createBatcher, type BatchRunner } from './dynamic-batcher';

/** A runner that doubles numbers and records its batches; while held, each batch waits to be released. */
function recordingRunner() {
  const batches: number[][] = [];
  const waiting: Array<() => void> = [];
  let held = false;
  const run: BatchRunner<number, number> = async (items) => {
    batches.push([...items]);
    if (held) await new Promise<void>((resolve) => waiting.push(resolve));
    return items.map((n) => n * 2);
  };
  return {
    run,
    batches,
    hold: () => {
      held = true;
    },
    /** Lets every batch that is waiting now finish, and stops holding new ones. */
    release: () => {
      held = false;
      for (const resume of waiting.splice(0)) resume();
    },
  };
}

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('createBatcher', () => {
  it('runs requests that arrive together as one batch and answers each with its own output', async () => {
    const runner = recordingRunner();
    const batcher = createBatcher({ maxBatchSize: 4, maxQueueDelayMs: 50 }, runner.run);
    const results = await Promise.all([1, 2, 3, 4].map((n) => batcher.submit(n)));
    expect(results.map((r) => r.output)).toEqual([2, 4, 6, 8]);
    expect(results.every((r) => r.batchSize === 4)).toBe(true);
    expect(runner.batches).toEqual([[1, 2, 3, 4]]);
  });

  it('dispatches a full batch at once instead of waiting for the queue delay', async () => {
    const runner = recordingRunner();
    const batcher = createBatcher({ maxBatchSize: 2, maxQueueDelayMs: 10_000 }, runner.run);
    const started = Date.now();
    await Promise.all([batcher.submit(1), batcher.submit(2)]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('waits at most max_queue_delay_ms for a batch that cannot fill up', async () => {
    const runner = recordingRunner();
    const batcher = createBatcher({ maxBatchSize: 8, maxQueueDelayMs: 40 }, runner.run);
    const started = Date.now();
    const result = await batcher.submit(5);
    const waited = Date.now() - started;
    expect(result.output).toBe(10);
    expect(waited).toBeGreaterThanOrEqual(35);
    expect(waited).toBeLessThan(1_000);
  });

  it('grows batches while the model is busy and splits them at max_batch_size', async () => {
    const runner = recordingRunner();
    const batcher = createBatcher({ maxBatchSize: 3, maxQueueDelayMs: 0 }, runner.run);
    runner.hold();
    const first = batcher.submit(0);
    await tick();
    const rest = [1, 2, 3, 4, 5].map((n) => batcher.submit(n));
    expect(batcher.depth).toBe(5);
    runner.release();
    await Promise.all([first, ...rest]);
    expect(runner.batches.map((b) => b.length)).toEqual([1, 3, 2]);
  });

  it('refuses a request with RESOURCE_EXHAUSTED / QUEUE_FULL when the queue is full', async () => {
    const runner = recordingRunner();
    const drops: string[] = [];
    const batcher = createBatcher({ maxBatchSize: 1, maxQueueDelayMs: 0, queueCapacity: 2 }, runner.run, { onDrop: (r) => drops.push(r) });
    runner.hold();
    const running = batcher.submit(1);
    await tick();
    const queued = [batcher.submit(2), batcher.submit(3)];
    await expect(batcher.submit(4)).rejects.toMatchObject({ code: 'RESOURCE_EXHAUSTED', reason: 'QUEUE_FULL' });
    expect(drops).toEqual(['QUEUE_FULL']);
    runner.release();
    await Promise.all([running, ...queued]);
  });

  it('takes a request whose deadline passes out of the queue with DEADLINE_EXCEEDED', async () => {
    const runner = recordingRunner();
    const batcher = createBatcher({ maxBatchSize: 1, maxQueueDelayMs: 0 }, runner.run);
    runner.hold();
    const running = batcher.submit(1);
    await tick();
    const late = batcher.submit(2, { deadline: new Date(Date.now() + 30) });
    expect(batcher.depth).toBe(1);
    await expect(late).rejects.toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    expect(batcher.depth).toBe(0);
    runner.release();
    await running;
    expect(runner.batches).toEqual([[1]]);
  });

  it('takes a cancelled request out of the queue and rejects it with the signal reason', async () => {
    const runner = recordingRunner();
    const batcher = createBatcher({ maxBatchSize: 1, maxQueueDelayMs: 0 }, runner.run);
    runner.hold();
    const running = batcher.submit(1);
    await tick();
    const controller = new AbortController();
    const cancelledCall = batcher.submit(2, { signal: controller.signal });
    controller.abort(new VprogError({ code: 'CANCELLED', message: 'client went away' }));
    await expect(cancelledCall).rejects.toMatchObject({ code: 'CANCELLED', message: 'client went away' });
    expect(batcher.depth).toBe(0);
    runner.release();
    await running;
    expect(runner.batches).toEqual([[1]]);
  });

  it('re-runs a failing batch one request at a time so only the bad request fails', async () => {
    const run: BatchRunner<number, number> = async (items) => {
      if (items.includes(13)) throw Object.assign(new Error('unlucky'), { code: 'FAILED_PRECONDITION', reason: 'OUTSIDE_LABEL_SPACE' });
      return items.map((n) => n + 1);
    };
    const batcher = createBatcher({ maxBatchSize: 3, maxQueueDelayMs: 20 }, run);
    const settled = await Promise.allSettled([1, 13, 3].map((n) => batcher.submit(n)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(settled[0]).toMatchObject({ value: { output: 2, batchSize: 1 } });
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ reason: 'OUTSIDE_LABEL_SPACE' });
  });

  it('drains everything queued without waiting for the queue delay', async () => {
    const runner = recordingRunner();
    const batcher = createBatcher({ maxBatchSize: 8, maxQueueDelayMs: 60_000 }, runner.run);
    const pending = [batcher.submit(1), batcher.submit(2)];
    await batcher.drain();
    await expect(Promise.all(pending)).resolves.toHaveLength(2);
    expect(batcher.depth).toBe(0);
  });

  it('rejects queued and new requests once closed', async () => {
    const runner = recordingRunner();
    const batcher = createBatcher({ maxBatchSize: 8, maxQueueDelayMs: 60_000 }, runner.run);
    const queued = batcher.submit(1);
    batcher.close();
    const error: unknown = await queued.catch((e: unknown) => e);
    expect(isVprogError(error) && hasErrorCode(error, 'UNAVAILABLE')).toBe(true);
    await expect(batcher.submit(2)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(runner.batches).toEqual([]);
  });
});
