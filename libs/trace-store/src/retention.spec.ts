import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { blobPath } from './blob-files';
import { manualClock, pngOf, storeIn, tempDir } from './testing/trace-fixtures';
import type { RetentionOptions } from './store-options';
import type { TraceStore } from './trace-store';

const MINUTE = 60_000;

describe('retention', () => {
  let temp: ReturnType<typeof tempDir>;
  let clock: ReturnType<typeof manualClock>;
  let store: TraceStore;

  const open = (retention: RetentionOptions) => (store = storeIn(temp.dir, { now: clock.now, retention }));
  const blobExists = (hash: string) => existsSync(blobPath(join(temp.dir, 'blobs'), hash));
  /** Records and finishes a run whose only input is the PNG of `seed`, a minute after the previous one. */
  const run = async (runId: string, seed: number) => {
    clock.advance(MINUTE);
    await store.recordRun({ runId, program: 'x', inputs: { IMAGE: { png: pngOf(seed) } } });
    store.recordStep(runId, { index: 0, output: 'A', op: 'COUNT', line: 1, column: 1, remote: false, args: {}, latencyMs: 1, value: 0 });
    await store.finishRun(runId, { status: 'succeeded' });
    return store.getRun(runId).inputs.IMAGE.hash;
  };

  beforeEach(() => {
    temp = tempDir();
    clock = manualClock();
  });
  afterEach(async () => {
    await store.close();
    temp.remove();
  });

  it('keeps at most maxRuns, deleting the oldest runs, their steps and only the blobs no other run uses', async () => {
    open({ maxRuns: 2, everyRuns: 1000 });
    const shared = await run('r1', 1);
    const own = await run('r2', 2);
    await run('r3', 1);
    await run('r4', 4);
    clock.advance(10 * MINUTE);
    const report = await store.enforceRetention();
    expect(report).toEqual({ runsDeleted: 2, blobsDeleted: 1, bytesFreed: pngOf(2).length });
    expect(store.listRuns().map((r) => r.runId)).toEqual(['r4', 'r3']);
    expect(() => store.getRun('r1')).toThrow(expect.objectContaining({ reason: 'RUN_NOT_FOUND' }));
    const raw = new Database(store.path, { readonly: true });
    expect(raw.prepare('SELECT run_id FROM steps ORDER BY run_id').pluck().all()).toEqual(['r3', 'r4']);
    raw.close();
    expect(blobExists(own)).toBe(false);
    expect(blobExists(shared)).toBe(true);
    expect(await store.getBlob(shared)).toEqual(pngOf(1));
  });

  it('removes runs older than maxAgeMs', async () => {
    open({ maxAgeMs: 30 * MINUTE, everyRuns: 1000 });
    await run('old', 1);
    clock.advance(30 * MINUTE);
    await run('new', 2);
    expect((await store.enforceRetention()).runsDeleted).toBe(1);
    expect(store.listRuns().map((r) => r.runId)).toEqual(['new']);
  });

  it('deletes the oldest runs until the blobs fit in maxBlobBytes', async () => {
    const size = (seed: number) => pngOf(seed).length;
    open({ maxBlobBytes: size(3) + size(4), everyRuns: 1000 });
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) await run(id, i + 1);
    clock.advance(10 * MINUTE);
    expect(await store.enforceRetention()).toEqual({ runsDeleted: 2, blobsDeleted: 2, bytesFreed: size(1) + size(2) });
    expect(store.listRuns().map((r) => r.runId)).toEqual(['d', 'c']);
  });

  it('spares blobs stored moments ago that no run references yet, and sweeps them after the grace period', async () => {
    open({ maxRuns: 100, orphanGraceMs: 5 * MINUTE });
    const pending = await store.putBlob(pngOf(9));
    expect((await store.enforceRetention()).blobsDeleted).toBe(0);
    expect(blobExists(pending)).toBe(true);
    clock.advance(6 * MINUTE);
    expect((await store.enforceRetention()).blobsDeleted).toBe(1);
    expect(blobExists(pending)).toBe(false);
    await expect(store.getBlob(pending)).rejects.toMatchObject({ reason: 'BLOB_NOT_FOUND' });
  });

  it('runs by itself every everyRuns finished runs, and never removes a run still being recorded', async () => {
    open({ maxRuns: 1, everyRuns: 2 });
    clock.advance(MINUTE);
    await store.recordRun({ runId: 'open', program: 'x', inputs: { IMAGE: { png: pngOf(1) } } });
    await run('r1', 2);
    expect(store.listRuns().map((r) => r.runId)).toEqual(['r1', 'open']);
    await run('r2', 3);
    expect(store.listRuns().map((r) => r.runId)).toEqual(['r2', 'open']);
    store.recordStep('open', { index: 0, output: 'A', op: 'COUNT', line: 1, column: 1, remote: false, args: {}, latencyMs: 1, value: 0 });
  });
});
