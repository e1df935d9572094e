import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION } from './schema';
import { openTraceStore } from './trace-store';
import { pngOf, sampleSteps, SAMPLE_PROGRAM, storeIn, tempDir } from './testing/trace-fixtures';

describe('opening a trace store', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => (temp = tempDir()));
  afterEach(() => temp.remove());

  it('creates missing folders, uses WAL, and records the schema version', async () => {
    const path = join(temp.dir, 'a', 'b', 'trace.db');
    const store = openTraceStore({ path, blobDir: join(temp.dir, 'c', 'blobs') });
    expect(existsSync(path)).toBe(true);
    expect(existsSync(join(temp.dir, 'c', 'blobs'))).toBe(true);
    await store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(SCHEMA_VERSION);
    raw.close();
  });

  it('keeps runs, steps and blobs when the store is closed and opened again', async () => {
    const steps = await sampleSteps();
    const first = storeIn(temp.dir);
    const runId = await first.recordRun({ program: SAMPLE_PROGRAM, inputs: { IMAGE: { png: pngOf(1, 100, 100) } } });
    first.recordSteps(runId, steps.map((step) => ({ step })));
    await first.finishRun(runId, { status: 'succeeded', result: 'blue' });
    const before = first.getRun(runId);
    await first.close();
    expect(() => first.listRuns()).toThrow(expect.objectContaining({ reason: 'STORE_CLOSED' }));

    const second = storeIn(temp.dir);
    expect(second.getRun(runId)).toEqual(before);
    expect(await second.getBlob(before.inputs.IMAGE.hash)).toEqual(pngOf(1, 100, 100));
    expect(second.moduleCalls({ op: 'VQA' })).toHaveLength(1);
    await second.close();
  });

  it('reports a file that is not a SQLite database as DATA_LOSS naming the file', () => {
    const path = join(temp.dir, 'trace.db');
    writeFileSync(path, 'this is not a database, just some text that happens to be long enough. '.repeat(100));
    let error: unknown;
    try {
      openTraceStore({ path, blobDir: join(temp.dir, 'blobs') });
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'DATA_LOSS', reason: 'DATABASE_CORRUPT', metadata: { path } });
    expect((error as Error).message).toContain(path);
  });

  it('refuses a database written by a newer schema', async () => {
    await storeIn(temp.dir).close();
    const raw = new Database(join(temp.dir, 'traces', 'trace.db'));
    raw.prepare('INSERT INTO schema_migrations (version, name, applied_ms) VALUES (?, ?, ?)').run(SCHEMA_VERSION + 1, 'future', 0);
    raw.close();
    expect(() => storeIn(temp.dir)).toThrow(expect.objectContaining({ reason: 'SCHEMA_TOO_NEW', code: 'FAILED_PRECONDITION' }));
  });

  it('opens read-only for readers, which see the data and may not write', async () => {
    const writer = storeIn(temp.dir);
    const runId = await writer.recordRun({ program: 'x', inputs: { IMAGE: { png: pngOf(2) } } });
    const reader = storeIn(temp.dir, { readonly: true });
    expect(reader.getRun(runId).status).toBe('running');
    await expect(reader.recordRun({ program: 'x', inputs: { IMAGE: { png: pngOf(2) } } })).rejects.toMatchObject({ reason: 'STORE_READ_ONLY' });
    expect(() => storeIn(join(temp.dir, 'missing'), { readonly: true })).toThrow(expect.objectContaining({ reason: 'STORE_NOT_FOUND', code: 'NOT_FOUND' }));
    await reader.close();
    await writer.close();
  });

  it('lets a reader keep its snapshot while the writer commits (WAL), then see the new run', async () => {
    const writer = storeIn(temp.dir, { busyTimeoutMs: 200 });
    await writer.recordRun({ runId: 'first', program: 'x', inputs: { IMAGE: { png: pngOf(3) } } });
    const reader = new Database(writer.path, { readonly: true });
    reader.exec('BEGIN');
    expect(reader.prepare('SELECT run_id FROM runs').pluck().all()).toEqual(['first']);
    // In rollback-journal mode this commit would wait for the reader's lock and fail as busy.
    await writer.recordRun({ runId: 'second', program: 'x', inputs: { IMAGE: { png: pngOf(4) } } });
    await writer.finishRun('first', { status: 'succeeded' });
    expect(reader.prepare('SELECT run_id FROM runs ORDER BY seq').pluck().all()).toEqual(['first']);
    reader.exec('COMMIT');
    expect(reader.prepare('SELECT run_id FROM runs ORDER BY seq').pluck().all()).toEqual(['first', 'second']);
    expect(writer.listRuns().map((r) => r.status)).toEqual(['running', 'succeeded']);
    reader.close();
    await writer.close();
  });

  it('rejects bad options with a typed error', () => {
    expect(() => openTraceStore({ path: '', blobDir: temp.dir })).toThrow(expect.objectContaining({ reason: 'INVALID_REQUEST' }));
    expect(() => storeIn(temp.dir, { retention: { maxRuns: -1 } })).toThrow(expect.objectContaining({ reason: 'INVALID_REQUEST' }));
  });
});
