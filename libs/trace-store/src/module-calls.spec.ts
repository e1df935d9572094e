import type { StepRecord } from '@vprog/program';
import { manualClock, pngOf, sampleSteps, SAMPLE_PROGRAM, storeIn, tempDir } from './testing/trace-fixtures';
import type { TraceStore } from './trace-store';

describe('reading module calls for distillation', () => {
  let temp: ReturnType<typeof tempDir>;
  let store: TraceStore;
  let steps: readonly StepRecord[];
  const clock = manualClock();

  const record = async (task: string, seed: number, runId?: string) => {
    const id = await store.recordRun({ runId, task, program: SAMPLE_PROGRAM, inputs: { IMAGE: { png: pngOf(seed, 100, 100) } } });
    store.recordSteps(id, steps.map((step) => (step.remote ? { step, model: { name: step.op.toLowerCase(), version: `v${seed}` } } : { step })));
    await store.finishRun(id, { status: 'succeeded', result: 'blue' });
    return id;
  };

  beforeAll(async () => {
    steps = await sampleSteps();
  });
  beforeEach(() => {
    temp = tempDir();
    store = storeIn(temp.dir, { now: clock.now });
  });
  afterEach(async () => {
    await store.close();
    temp.remove();
  });

  it('returns a LOC call with its stored image, view, phrase, boxes and model, and skips region words', async () => {
    const runId = await record('gqa-shapes', 1);
    const calls = store.moduleCalls({ op: 'LOC' });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      runId, task: 'gqa-shapes', stepIndex: 0, op: 'LOC', model: { name: 'loc', version: 'v1' },
      input: { image: { root: 'IMAGE', hash: store.getRun(runId).inputs.IMAGE.hash, width: 100, height: 100, rect: { x1: 0, y1: 0, x2: 100, y2: 100 } }, object: 'red star' },
      output: { kind: 'boxes', boxes: [{ x1: 60, y1: 40, x2: 80, y2: 60, score: 0.9 }] },
    });
  });

  it('returns CLASSIFY calls with categories and unlabelled input boxes, and VQA calls with question and answer', async () => {
    await record('face-tag', 2);
    const classify = store.moduleCalls({ op: 'CLASSIFY' });
    expect(classify).toHaveLength(1);
    expect(classify[0].input.categories).toEqual(['smiling', 'frowning']);
    expect(classify[0].input.boxes).toEqual([
      { x1: 70, y1: 5, x2: 90, y2: 25, score: 0.8 },
      { x1: 75, y1: 70, x2: 95, y2: 90, score: 0.7 },
    ]);
    expect(classify[0].output).toEqual({ kind: 'boxes', boxes: [expect.objectContaining({ label: 'smiling' }), expect.objectContaining({ label: 'frowning' })] });
    const vqa = store.moduleCalls({ op: 'VQA' });
    expect(vqa.map((c) => [c.input.question, c.input.image.rect, c.output])).toEqual([
      ['What colour is the circle?', { x1: 0, y1: 0, x2: 70, y2: 100 }, { kind: 'answer', answer: 'blue' }],
    ]);
    expect(store.moduleCalls({ op: 'FACEDET' }).map((c) => c.output)).toEqual([{ kind: 'boxes', boxes: expect.any(Array) }, { kind: 'boxes', boxes: [] }]);
  });

  it('filters by task, run ids and time, and pages with a cursor', async () => {
    const a = await record('gqa-shapes', 3, 'a');
    clock.advance(10_000);
    const since = clock.now();
    const b = await record('nlvr-shapes', 4, 'b');
    const c = await record('gqa-shapes', 5, 'c');
    expect(store.moduleCalls({ op: 'LOC' }).map((x) => x.runId)).toEqual([a, b, c]);
    expect(store.moduleCalls({ op: 'LOC', task: 'gqa-shapes' }).map((x) => x.runId)).toEqual([a, c]);
    expect(store.moduleCalls({ op: 'LOC', runIds: [c, b] }).map((x) => x.runId)).toEqual([b, c]);
    expect(store.moduleCalls({ op: 'LOC', runIds: [] })).toEqual([]);
    expect(store.moduleCalls({ op: 'LOC', since }).map((x) => x.runId)).toEqual([b, c]);
    const page = store.moduleCalls({ op: 'LOC', limit: 2 });
    expect(page.map((x) => x.runId)).toEqual([a, b]);
    expect(store.moduleCalls({ op: 'LOC', after: page[1].callId, limit: 2 }).map((x) => x.runId)).toEqual([c]);
  });

  it('leaves failed calls out unless asked, and refuses ops that are not module calls', async () => {
    const runId = await store.recordRun({ program: SAMPLE_PROGRAM, inputs: { IMAGE: { png: pngOf(6, 100, 100) } } });
    const failed: StepRecord = { ...steps[0], value: undefined, rationale: undefined, error: { code: 'UNAVAILABLE', reason: 'STEP_FAILED', message: 'loc down', line: 1, column: 1 } };
    store.recordStep(runId, failed);
    expect(store.moduleCalls({ op: 'LOC' })).toEqual([]);
    const calls = store.moduleCalls({ op: 'LOC', includeFailed: true });
    expect(calls).toHaveLength(1);
    expect(calls[0].output).toBeUndefined();
    expect(calls[0].error).toMatchObject({ message: 'loc down' });
    expect(() => store.moduleCalls({ op: 'CROP' as 'LOC' })).toThrow(expect.objectContaining({ reason: 'INVALID_REQUEST' }));
  });
});
