import { renderRationaleHtml } from '@vprog/program';
import { isTraceStoreError } from './trace-error';
import { manualClock, pngOf, sampleSteps, SAMPLE_PROGRAM, storeIn, tempDir } from './testing/trace-fixtures';
import type { TraceStore } from './trace-store';

describe('recording runs and steps', () => {
  let temp: ReturnType<typeof tempDir>;
  let store: TraceStore;
  const clock = manualClock();

  beforeEach(() => {
    temp = tempDir();
    store = storeIn(temp.dir, { now: clock.now });
  });
  afterEach(async () => {
    await store.close();
    temp.remove();
  });

  it('gives back a run with every step exactly as the executor recorded it', async () => {
    const steps = await sampleSteps();
    const runId = await store.recordRun({
      task: 'gqa-shapes', question: 'What colour?', program: SAMPLE_PROGRAM, inputs: { IMAGE: { png: pngOf(1, 100, 100) } },
      models: { loc: { name: 'loc-student', version: 'v1' } },
    });
    store.recordSteps(runId, steps.map((step) => (step.remote ? { step, model: { name: `${step.op.toLowerCase()}-student`, version: 'v2' } } : { step })));
    await store.finishRun(runId, { status: 'succeeded', result: 'blue', latencyMs: 12.5, models: { vqa: { name: 'vqa-student', version: 'v3' } } });

    const run = store.getRun(runId);
    expect(run).toMatchObject({
      runId, task: 'gqa-shapes', question: 'What colour?', program: SAMPLE_PROGRAM, status: 'succeeded', result: 'blue', latencyMs: 12.5,
      inputs: { IMAGE: { width: 100, height: 100 } }, stepCount: steps.length,
      models: { loc: { name: 'loc-student', version: 'v1' }, vqa: { name: 'vqa-student', version: 'v3' } },
    });
    expect(run.steps).toHaveLength(steps.length);
    run.steps.forEach((stored, i) => {
      const { runId: _r, model: _m, inputImages: _i, moduleCall: _c, createdMs: _t, ...record } = stored;
      expect(record).toEqual(JSON.parse(JSON.stringify(steps[i])));
    });
    expect(run.steps[0].model).toEqual({ name: 'loc-student', version: 'v2' });
    expect(run.steps[1].model).toBeUndefined();
    expect(await store.getBlob(run.inputs.IMAGE.hash)).toEqual(pngOf(1, 100, 100));
  });

  it('gives back steps the rationale page can render from the stored images', async () => {
    const steps = await sampleSteps();
    const runId = await store.recordRun({ program: SAMPLE_PROGRAM, inputs: { IMAGE: { png: pngOf(9, 100, 100) } } });
    store.recordSteps(runId, steps.map((step) => ({ step })));
    await store.finishRun(runId, { status: 'succeeded', result: 'blue' });
    const run = store.getRun(runId);
    const { hash, width, height } = run.inputs.IMAGE;
    const html = renderRationaleHtml({ runId, program: run.program, answer: run.result, steps: run.steps, images: { IMAGE: { png: await store.getBlob(hash), width, height } } });
    expect(html.match(/<section class="step/g)).toHaveLength(steps.length);
    expect(html).toContain(`data:image/png;base64,${pngOf(9, 100, 100).toString('base64')}`);
  });

  it('records which stored image and region each image argument showed', async () => {
    const steps = await sampleSteps();
    const runId = await store.recordRun({ program: SAMPLE_PROGRAM, inputs: { IMAGE: { png: pngOf(2, 100, 100) } } });
    store.recordSteps(runId, steps.map((step) => ({ step })));
    const run = store.getRun(runId);
    const hash = run.inputs.IMAGE.hash;
    expect(run.steps[0].inputImages).toEqual([{ arg: 'image', root: 'IMAGE', hash, rect: { x1: 0, y1: 0, x2: 100, y2: 100 } }]);
    expect(run.steps[7].inputImages).toEqual([{ arg: 'image', root: 'IMAGE', hash, rect: { x1: 0, y1: 0, x2: 70, y2: 100 } }]);
    expect(run.steps[8].inputImages).toEqual([]);
    expect(run.steps.map((s) => s.moduleCall)).toEqual([true, false, false, true, true, true, false, true, false, false]);
  });

  it('refuses steps for unknown or finished runs, and duplicate steps, writing nothing of a bad batch', async () => {
    const steps = await sampleSteps();
    const runId = await store.recordRun({ program: SAMPLE_PROGRAM, inputs: { IMAGE: { png: pngOf(3, 100, 100) } } });
    expect(() => store.recordStep('no-such-run', steps[0])).toThrow(expect.objectContaining({ reason: 'RUN_NOT_FOUND', code: 'NOT_FOUND' }));
    store.recordStep(runId, steps[0]);
    expect(() => store.recordSteps(runId, [{ step: steps[1] }, { step: steps[0] }])).toThrow(expect.objectContaining({ reason: 'STEP_EXISTS' }));
    expect(store.getRun(runId).steps.map((s) => s.index)).toEqual([0]);
    const bad = { ...steps[2], args: { image: { kind: 'image', root: 'LEFT', rect: { x1: 0, y1: 0, x2: 1, y2: 1 } } } } as typeof steps[2];
    expect(() => store.recordStep(runId, bad)).toThrow(expect.objectContaining({ reason: 'INVALID_REQUEST' }));
    const failure = Object.assign(new Error('boom'), { code: 'INTERNAL', reason: 'STEP_FAILED', stepIndex: 2 });
    await store.finishRun(runId, { status: 'failed', error: failure });
    expect(() => store.recordStep(runId, steps[1])).toThrow(expect.objectContaining({ reason: 'RUN_FINISHED' }));
    await expect(store.finishRun(runId, { status: 'succeeded' })).rejects.toMatchObject({ reason: 'RUN_FINISHED' });
    expect(store.getRun(runId)).toMatchObject({ status: 'failed', error: { code: 'INTERNAL', reason: 'STEP_FAILED', message: 'boom', stepIndex: 2 } });
  });

  it('checks run inputs: PNG bytes, sizes, known blobs and unique ids', async () => {
    const png = pngOf(4, 20, 10);
    await expect(store.recordRun({ program: 'x', inputs: { IMAGE: { png: Buffer.from('GIF89a....') } } })).rejects.toMatchObject({ reason: 'INVALID_REQUEST' });
    await expect(store.recordRun({ program: 'x', inputs: { IMAGE: { png, width: 10, height: 10 } } })).rejects.toMatchObject({ reason: 'INVALID_REQUEST' });
    await expect(store.recordRun({ program: 'x', inputs: {} })).rejects.toMatchObject({ reason: 'INVALID_REQUEST' });
    await expect(store.recordRun({ program: 'x', inputs: { IMAGE: { hash: 'f'.repeat(64), width: 1, height: 1 } } })).rejects.toMatchObject({ reason: 'BLOB_NOT_FOUND' });
    const hash = await store.putBlob(png);
    const runId = await store.recordRun({ runId: 'r-1', program: 'x', inputs: { LEFT: { hash, width: 20, height: 10 }, RIGHT: { png } } });
    expect(runId).toBe('r-1');
    expect(store.getRun('r-1').inputs).toEqual({ LEFT: { hash, width: 20, height: 10 }, RIGHT: { hash, width: 20, height: 10 } });
    const again = await store.recordRun({ runId: 'r-1', program: 'y', inputs: { IMAGE: { png } } }).catch((error: unknown) => error);
    expect(isTraceStoreError(again)).toBe(true);
    expect(again).toMatchObject({ reason: 'RUN_EXISTS', code: 'ALREADY_EXISTS' });
  });

  it('lists runs newest first, filtered by task and status, page by page', async () => {
    const png = pngOf(5);
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      clock.advance(1000);
      const runId = await store.recordRun({ runId: `run-${i}`, task: i % 2 === 0 ? 'even' : 'odd', program: 'x', inputs: { IMAGE: { png } } });
      if (i !== 4) await store.finishRun(runId, { status: i === 2 ? 'failed' : 'succeeded' });
      ids.push(runId);
    }
    expect(store.listRuns().map((r) => r.runId)).toEqual(['run-4', 'run-3', 'run-2', 'run-1', 'run-0']);
    expect(store.listRuns({ task: 'even' }).map((r) => r.runId)).toEqual(['run-4', 'run-2', 'run-0']);
    expect(store.listRuns({ status: 'succeeded' }).map((r) => r.runId)).toEqual(['run-3', 'run-1', 'run-0']);
    expect(store.listRuns({ status: 'running' }).map((r) => r.runId)).toEqual(['run-4']);
    const first = store.listRuns({ limit: 2 });
    expect(first.map((r) => r.runId)).toEqual(['run-4', 'run-3']);
    expect(store.listRuns({ limit: 2, before: first[1].runId }).map((r) => r.runId)).toEqual(['run-2', 'run-1']);
    expect(store.listRuns({ before: store.getRun('run-2').createdMs }).map((r) => r.runId)).toEqual(['run-1', 'run-0']);
    expect(() => store.listRuns({ limit: 0 })).toThrow(expect.objectContaining({ reason: 'INVALID_REQUEST' }));
    expect(() => store.listRuns({ before: 'nope' })).toThrow(expect.objectContaining({ reason: 'RUN_NOT_FOUND' }));
  });
});
