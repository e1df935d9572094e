/**
 * Execute end to end on real grpc-js servers: the runner and fake module services (see
 * testing/fake-modules.ts) on 127.0.0.1:0, a real trace store in a temporary folder.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { RationaleDocument } from '@vprog/program';
import type { loc, runner } from '@vprog/proto-ts';
import type { StoredRationale } from './run-trace';
import { startFakeModules, type FakeModules } from './testing/fake-modules';
import { collect, devItems, executeOptions, executeRequest, itemImages, moduleEnv, startRunnerFixture, type RunnerFixture } from './testing/runner-fixture';

const events = (all: runner.ExecuteResponse[]) => all.map((e) => e.event?.$case);

describe('Execute', () => {
  let modules: FakeModules;
  let fixture: RunnerFixture;
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(async () => {
    provider.register();
    modules = await startFakeModules();
    fixture = await startRunnerFixture({ ...moduleEnv(modules), VPROG_RUNNER_RATIONALE_DIR: 'pages' });
  });
  afterAll(async () => {
    await fixture.close();
    await modules.close();
    await provider.shutdown();
  });
  beforeEach(() => {
    modules.calls.splice(0);
    exporter.reset();
  });

  it('streams a started and a finished event per step, then the result, and records every step with its model', async () => {
    const item = devItems('gqa-shapes', 5)[4]; // relate: LOC, CROP_RIGHTOF, LOC, COUNT, EVAL, RESULT
    const { events: all, error } = await collect(fixture.client.execute(executeRequest({ images: itemImages(item), source: { $case: 'program', value: item.program }, task: 'gqa-shapes' })));
    expect(error).toBeUndefined();
    expect(events(all)).toEqual([...Array(6).fill(['stepStarted', 'stepFinished']).flat(), 'result']);
    const runId = all[0].runId;
    expect(all.every((e) => e.runId === runId)).toBe(true);
    const finished = all.flatMap((e) => (e.event?.$case === 'stepFinished' ? [e.event.value] : []));
    expect(finished.map((f) => [f.op, f.model?.name ?? ''])).toEqual([
      ['LOC', 'loc-student'],
      ['CROP_RIGHTOF', ''],
      ['LOC', 'loc-student'],
      ['COUNT', ''],
      ['EVAL', ''],
      ['RESULT', ''],
    ]);
    expect(finished[0].outputSummary).toBe('1 box');
    const result = all[all.length - 1].event?.$case === 'result' ? (all[all.length - 1].event as { value: runner.ExecuteResult }).value : undefined;
    expect(result?.program).toBe(item.program);
    expect(['yes', 'no']).toContain(result?.answer);
    const rationale = JSON.parse(result?.rationaleJson ?? '{}') as RationaleDocument;
    expect(rationale.steps.map((s) => s.op)).toEqual(['LOC', 'CROP_RIGHTOF', 'LOC', 'COUNT', 'EVAL', 'RESULT']);
    expect(result?.rationaleHtml).toBe('');

    const stored = fixture.runner.store!.getRun(runId);
    expect(stored).toMatchObject({ status: 'succeeded', task: 'gqa-shapes', stepCount: 6, models: { loc: { name: 'loc-student', version: 'student-v1' } } });
    expect(stored.steps.map((s) => s.model?.version ?? null)).toEqual(['student-v1', null, 'student-v1', null, null, null]);
    expect((stored.steps[0].rationale as StoredRationale).module).toMatchObject({ module: 'loc', route: 'student', soft: { kind: 'detections', scores: [0.75] } });
    expect(fixture.runner.store!.moduleCalls({ op: 'LOC', runIds: [runId] })).toHaveLength(2);
    expect(readFileSync(join(fixture.dir, 'pages', `${runId}.html`), 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it("sends each module the view's own pixels and brings its boxes back to root coordinates", async () => {
    const item = devItems('gqa-shapes', 1)[0];
    const program = "BOX0=LOC(image=IMAGE,object='star')\nIMAGE0=CROP(image=IMAGE,box=BOX0)\nBOX1=LOC(image=IMAGE0,object='dot')\nFINAL_RESULT=RESULT(var=BOX1)";
    const { events: all } = await collect(fixture.client.execute(executeRequest({ images: itemImages(item), source: { $case: 'program', value: program } })));
    const [first, second] = modules.loc.calls.map((c) => (c.request as loc.LocateRequest).image?.source);
    expect(first?.$case === 'raw' && [first.value.width, first.value.height]).toEqual([128, 128]);
    // The fake finds (10,10)-(30,30); CROP pads 2 px: the view is [8, 32) x [8, 32).
    expect(second?.$case === 'raw' && [second.value.width, second.value.height, second.value.channels]).toEqual([24, 24, 3]);
    const result = all[all.length - 1].event;
    const answer = JSON.parse(result?.$case === 'result' ? result.value.answer : '{}') as { kind: string; boxes: unknown[] };
    expect(answer).toMatchObject({ kind: 'boxes', boxes: [{ x1: 18, y1: 18, x2: 32, y2: 32, score: 0.75 }] });
  });

  it('classifies boxes in crop coordinates and keeps every category score as the soft output', async () => {
    const item = devItems('face-tag', 1)[0];
    const { events: all } = await collect(fixture.client.execute(executeRequest({ images: itemImages(item), source: { $case: 'program', value: item.program }, task: 'face-tag' })));
    const runId = all[0].runId;
    const [call] = modules.classify.calls;
    expect(call.request).toMatchObject({ categories: ['smiling', 'frowning', 'surprised'], boxes: [{ xMin: 4, yMin: 4, xMax: 20, yMax: 20 }] });
    const classifyStep = fixture.runner.store!.getRun(runId).steps[1];
    expect((classifyStep.rationale as StoredRationale).module?.soft).toEqual({ kind: 'classes', categories: ['smiling', 'frowning', 'surprised'], scores: [[expect.closeTo(0.7), expect.closeTo(0.15), expect.closeTo(0.15)]] });
    const tags = JSON.parse((all[all.length - 1].event as { value: runner.ExecuteResult }).value.answer) as { kind: string; tags: Array<{ label: string }> };
    expect(tags).toMatchObject({ kind: 'tags', tags: [{ label: 'smiling' }] });
  });

  it('returns the HTML page inline on request, and skips the trace store when asked', async () => {
    const item = devItems('gqa-shapes', 1)[0];
    const { events: all } = await collect(
      fixture.client.execute(executeRequest({ images: itemImages(item), source: { $case: 'program', value: item.program }, options: executeOptions({ includeRationaleHtml: true, skipTrace: true }) })),
    );
    const result = (all[all.length - 1].event as { value: runner.ExecuteResult }).value;
    expect(result.rationaleHtml).toMatch(/<section class="step" id="step-0"/);
    expect(result.rationaleHtml).toMatch(/data:image\/png;base64,/);
    expect(() => fixture.runner.store!.getRun(all[0].runId)).toThrow(expect.objectContaining({ reason: 'RUN_NOT_FOUND' }));
  });

  it('makes one run span with a child execute_tool span per step, carrying op, module and model version', async () => {
    const item = devItems('gqa-shapes', 3)[2]; // query-colour: LOC, CROP, VQA, RESULT
    const { events: all } = await collect(fixture.client.execute(executeRequest({ images: itemImages(item), source: { $case: 'program', value: item.program } })));
    const spans = exporter.getFinishedSpans();
    const run = spans.find((s) => s.name === 'run_program');
    expect(run?.attributes['vprog.run.id']).toBe(all[0].runId);
    const steps = spans.filter((s) => s.name.startsWith('execute_tool '));
    expect(steps.map((s) => s.name)).toEqual(['execute_tool LOC', 'execute_tool CROP', 'execute_tool VQA', 'execute_tool RESULT']);
    expect(steps.every((s) => s.parentSpanContext?.spanId === run?.spanContext().spanId)).toBe(true);
    expect(steps[2].attributes).toMatchObject({ 'vprog.op': 'VQA', 'vprog.module': 'vqa', 'vprog.model.version': 'student-v1', 'vprog.step.index': 2 });
  });
});
