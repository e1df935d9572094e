/**
 * The program runner over the real stack: the eight module services (students and teacher
 * sidecars, with the committed models) and the runner, each its own process started through its
 * `main.ts` with the telemetry preload, all on 127.0.0.1 with free ports and one shared span file.
 * Answers come from real models, so the tests assert structure (events, trace rows, spans, model
 * versions) and never accuracy.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createClient, isVprogError, type VprogError, type VprogClient } from '@vprog/grpc-kit';
import { common, runner } from '@vprog/proto-ts';
import { readSpanFile, type SpanRecord } from '@vprog/telemetry';
import { openTraceStore, type TraceStore } from '@vprog/trace-store';
import { aggregateScores, encodePng, generateTaskItems, getTask, renderTaskImage, scoreItem, type TaskItem } from '@vprog/world';

const ROOT = join(__dirname, '..');
const MODELS = process.env.VPROG_MODELS_DIR ?? join(ROOT, 'models');
const MODULES = ['loc', 'facedet', 'classify', 'vqa'] as const;
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The loc teacher waits this long for a full batch, so a test can cancel a call while it is queued. */
const SLOW_QUEUE_MS = 1500;

interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly address: string;
  readonly stderr: string[];
}

/** The processes whose spans the tests read; the others start without the OpenTelemetry SDK (it is slow to load). */
const TRACED = new Set(['program-runner', 'loc']);

/** Starts `services/<dir>/src/main.ts` and resolves with its address once it reports ready over IPC. */
function startChild(name: string, dir: string, env: Record<string, string>, spans: string): Promise<Child> {
  const script = join(ROOT, 'services', dir, 'src', 'main.ts');
  if (!existsSync(script)) return Promise.reject(new Error(`${script} is missing`));
  const child = fork(script, [], {
    cwd: ROOT,
    execArgv: ['--require', 'tsx/cjs', '--require', join(ROOT, 'libs', 'telemetry', 'src', 'register.ts')],
    env: { ...process.env, ...env, OTEL_SERVICE_NAME: name, VPROG_TRACE_FILE: spans, OTEL_SDK_DISABLED: TRACED.has(name) ? 'false' : 'true' },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(...chunk.toString('utf8').split('\n').filter((l) => l !== '')));
  const tail = () => stderr.slice(-30).map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line)).join('\n');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not report ready in 90 s:\n${tail()}`)), 90_000);
    child.on('message', (message: { type?: string; address?: string }) => {
      if (message?.type !== 'vprog.service.ready' || typeof message.address !== 'string') return;
      clearTimeout(timer);
      resolve({ name, process: child, address: message.address, stderr });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code}:\n${tail()}`));
    });
  });
}

function moduleEnv(name: string, dir: string, extra: Record<string, string> = {}): Record<string, string> {
  const prefix = `VPROG_${name.toUpperCase().replace(/-/g, '_')}`;
  return {
    [`${prefix}_HOST`]: '127.0.0.1',
    [`${prefix}_PORT`]: '0',
    [`${prefix}_METRICS_PORT`]: 'off',
    [`${prefix}_MODELS_ROOT`]: join(dir, 'models', name),
    [`${prefix}_SEED_FROM`]: MODELS,
    [`${prefix}_REQUEST_LOG`]: 'false',
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [`${prefix}_${k}`, v])),
  };
}

const images = (item: Pick<TaskItem, 'images'>): Record<string, common.Image> =>
  Object.fromEntries(item.images.map((image) => [image.name, { source: { $case: 'encoded', value: encodePng(renderTaskImage(image)) } }]));

async function execute(client: VprogClient<typeof runner.RunnerServiceService>, request: Partial<runner.ExecuteRequest>, signal?: AbortSignal) {
  const events: runner.ExecuteResponse[] = [];
  try {
    for await (const event of client.execute({ images: {}, task: '', ...request }, { deadlineMs: 60_000, ...(signal ? { signal } : {}) })) events.push(event);
  } catch (error) {
    return { events, error: error as VprogError };
  }
  const last = events[events.length - 1]?.event;
  return { events, result: last?.$case === 'result' ? last.value : undefined };
}

const teacher = (module: common.Module) => ({ moduleOverrides: [{ module, useTeacher: true, modelVersion: '' }], maxParallelSteps: 0, includeRationaleHtml: false, skipTrace: false });

describe('the program runner on the real module services', () => {
  jest.setTimeout(180_000);
  let dir: string;
  let spans: string;
  const children: Child[] = [];
  let client: VprogClient<typeof runner.RunnerServiceService>;
  let store: TraceStore;
  const child = (name: string) => children.find((c) => c.name === name) as Child;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vprog-e2e-runner-'));
    spans = join(dir, 'spans.jsonl');
    const started = await Promise.allSettled(
      MODULES.flatMap((m) => [
        startChild(m, m, moduleEnv(m, dir), spans),
        // The loc teacher queues a lone request for SLOW_QUEUE_MS (its batch never fills) and logs its calls.
        startChild(`${m}-teacher`, `${m}-teacher`, moduleEnv(`${m}-teacher`, dir, m === 'loc' ? { MAX_BATCH_SIZE: '64', MAX_QUEUE_DELAY_MS: String(SLOW_QUEUE_MS), REQUEST_LOG: 'true' } : {}), spans),
      ]),
    );
    // Keep what started (afterAll stops it), then fail on the first service that did not.
    for (const outcome of started) if (outcome.status === 'fulfilled') children.push(outcome.value);
    const failed = started.find((outcome) => outcome.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    const runnerEnv: Record<string, string> = {
      VPROG_RUNNER_HOST: '127.0.0.1',
      VPROG_RUNNER_PORT: '0',
      VPROG_RUNNER_REQUEST_LOG: 'false',
      VPROG_RUNNER_TRACE_DB: join(dir, 'trace.db'),
      VPROG_RUNNER_TRACE_BLOBS: join(dir, 'blobs'),
    };
    for (const m of MODULES) {
      runnerEnv[`VPROG_RUNNER_${m.toUpperCase()}_ADDRESS`] = child(m).address;
      runnerEnv[`VPROG_RUNNER_${m.toUpperCase()}_TEACHER_ADDRESS`] = child(`${m}-teacher`).address;
    }
    children.push(await startChild('program-runner', 'program-runner', runnerEnv, spans));
    client = createClient(runner.RunnerServiceClient, child('program-runner').address, { defaultDeadlineMs: 60_000 });
    store = openTraceStore({ path: join(dir, 'trace.db'), blobDir: join(dir, 'blobs'), readonly: true });
  });

  afterAll(async () => {
    client?.$close();
    await store?.close();
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.process.exitCode !== null || c.process.signalCode !== null) return resolve();
            c.process.once('exit', () => resolve());
            c.process.kill('SIGTERM');
            setTimeout(() => c.process.kill('SIGKILL'), 5000).unref();
          }),
      ),
    );
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('runs a gold GQA program: events per step, one trace row per step with its model version, one span per step under the run span', async () => {
    const item = generateTaskItems('gqa-shapes', { split: 'dev', seed: 0, count: 5 })[4]; // relate: LOC, CROP_RIGHTOF, LOC, COUNT, EVAL, RESULT
    const { events, result, error } = await execute(client, { images: images(item), source: { $case: 'program', value: item.program }, task: 'gqa-shapes' });
    expect(error).toBeUndefined();
    expect(events.filter((e) => e.event?.$case === 'stepFinished')).toHaveLength(6);
    expect(['yes', 'no']).toContain(result?.answer);
    const runId = events[0].runId;
    const run = store.getRun(runId);
    expect(run).toMatchObject({ status: 'succeeded', stepCount: 6 });
    const loc = run.steps.filter((s) => s.op === 'LOC');
    expect(loc).toHaveLength(2);
    for (const step of loc) expect(step.model).toEqual({ name: expect.stringMatching(/loc/), version: expect.any(String) });
    expect(run.steps.filter((s) => s.model !== undefined)).toHaveLength(2);

    const all: SpanRecord[] = await readSpanFile(spans);
    const runSpan = all.find((s) => s.name === 'run_program' && s.attributes['vprog.run.id'] === runId) as SpanRecord;
    const executeSpan = all.find((s) => s.spanId === runSpan.parentSpanId);
    expect(executeSpan).toMatchObject({ kind: 'SERVER', service: 'program-runner', name: expect.stringContaining('RunnerService/Execute') });
    const steps = all.filter((s) => s.parentSpanId === runSpan.spanId && s.traceId === runSpan.traceId);
    expect(steps.map((s) => s.name).sort()).toEqual(['execute_tool COUNT', 'execute_tool CROP_RIGHTOF', 'execute_tool EVAL', 'execute_tool LOC', 'execute_tool LOC', 'execute_tool RESULT']);
    const locSpan = steps.find((s) => s.name === 'execute_tool LOC') as SpanRecord;
    expect(locSpan.attributes).toMatchObject({ 'vprog.op': 'LOC', 'vprog.module': 'loc', 'vprog.model.version': loc[0].model?.version });
    const rpc = all.filter((s) => s.traceId === runSpan.traceId && s.name.includes('LocService/Locate'));
    expect(rpc.some((s) => s.kind === 'CLIENT' && s.parentSpanId === locSpan.spanId)).toBe(true);
    expect(rpc.some((s) => s.kind === 'SERVER' && s.service === 'loc')).toBe(true);
  });

  it('runs an NLVR program with its LEFT and RIGHT branches at the same time', async () => {
    const item = generateTaskItems('nlvr-shapes', { split: 'dev', seed: 0, count: 1 })[0];
    const { events, result, error } = await execute(client, { images: images(item), source: { $case: 'program', value: item.program }, task: 'nlvr-shapes' });
    expect(error).toBeUndefined();
    expect(['true', 'false']).toContain(result?.answer);
    const order = events.map((e) => `${e.event?.$case}:${e.event?.$case === 'result' ? '' : e.event?.value.stepIndex}`);
    expect(order.slice(0, 2)).toEqual(['stepStarted:0', 'stepStarted:1']);
    const run = store.getRun(events[0].runId);
    expect(run.steps.filter((s) => s.op === 'VQA').map((s) => s.model?.name)).toEqual([expect.stringMatching(/vqa/), expect.stringMatching(/vqa/)]);
    const vqaSpans = (await readSpanFile(spans)).filter((s) => s.name === 'execute_tool VQA' && s.attributes['vprog.run.id'] === events[0].runId);
    const [a, b] = vqaSpans.map((s) => [Date.parse(s.startTime), Date.parse(s.endTime)]).sort((x, y) => x[0] - y[0]);
    expect(b[0]).toBeLessThanOrEqual(a[1]);
  });

  it('routes LOC to its teacher sidecar on request, which changes the model in the step records', async () => {
    const item = generateTaskItems('gqa-shapes', { split: 'dev', seed: 0, count: 5 })[4];
    const student = await execute(client, { images: images(item), source: { $case: 'program', value: item.program } });
    const viaTeacher = await execute(client, { images: images(item), source: { $case: 'program', value: item.program }, options: teacher(common.Module.MODULE_LOC) });
    expect(viaTeacher.error).toBeUndefined();
    const models = (runId: string) => store.getRun(runId).steps.filter((s) => s.op === 'LOC').map((s) => s.model?.name);
    const [s, t] = [models(student.events[0].runId), models(viaTeacher.events[0].runId)];
    expect(t).toHaveLength(2);
    expect(t[0]).not.toBe(s[0]);
    expect(store.getRun(viaTeacher.events[0].runId).models.loc?.name).toBe(t[0]);
  });

  it('cancels the module call when the Execute call is cancelled: the module service sees a cancelled call', async () => {
    const item = generateTaskItems('gqa-shapes', { split: 'dev', seed: 0, count: 5 })[4];
    const controller = new AbortController();
    const running = (async () => {
      const seen: runner.ExecuteResponse[] = [];
      const stream = client.execute(
        { images: images(item), task: '', source: { $case: 'program', value: item.program }, options: teacher(common.Module.MODULE_LOC) },
        { signal: controller.signal, deadlineMs: 60_000 },
      );
      for await (const event of stream) {
        seen.push(event);
        if (event.event?.$case === 'stepStarted' && event.event.value.op === 'LOC') setTimeout(() => controller.abort(), 300);
      }
      return seen;
    })();
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    const logs = child('loc-teacher').stderr;
    const cancelledLine = () => logs.some((line) => line.includes('LocService/Locate') && line.includes('"code":"CANCELLED"'));
    for (let i = 0; i < 100 && !cancelledLine(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(cancelledLine()).toBe(true);
  });

  it('rejects a malformed program with line and column, and answers Parse with positioned issues', async () => {
    const item = generateTaskItems('gqa-shapes', { split: 'dev', seed: 0, count: 1 })[0];
    const { error } = await execute(client, { images: images(item), source: { $case: 'program', value: "BOX0=LOC(image=IMAGE,object='star')\nN=COUNT(box=BOX1)\nF=RESULT(var=N)" } });
    expect(isVprogError(error) && error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'PROGRAM_INVALID', metadata: { line: '2', column: '13' } });
    const parsed = await client.parse({ program: "BOX0=LOC(image=IMAGE,object='star'", imageNames: [] });
    expect(parsed.issues).toEqual([expect.objectContaining({ code: 'SYNTAX_ERROR', position: { line: 1, column: 35 } })]);
  });

  it('runs a small batch of gqa-shapes dev questions through the template generator and computes the metric', async () => {
    const items = generateTaskItems('gqa-shapes', { split: 'dev', seed: 0, count: 6 });
    const scores = [];
    for (const item of items) {
      const { result, error } = await execute(client, { images: images(item), source: { $case: 'question', value: { question: item.question, generator: 'template', exampleId: '' } }, task: 'gqa-shapes' });
      expect(error).toBeUndefined();
      expect(result?.program).toBe(item.program);
      scores.push(scoreItem(getTask('gqa-shapes').metric, item.answer, result?.answer ?? null));
    }
    const accuracy = aggregateScores('accuracy', scores);
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(1);
  });

  it('returns a rationale page that opens in headless Chromium and shows the step images', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`this test needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
    const item = generateTaskItems('face-tag', { split: 'dev', seed: 0, count: 1 })[0];
    const options = { moduleOverrides: [], maxParallelSteps: 0, includeRationaleHtml: true, skipTrace: false };
    const { result, error } = await execute(client, { images: images(item), source: { $case: 'program', value: item.program }, task: 'face-tag', options });
    expect(error).toBeUndefined();
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      await page.setContent(result?.rationaleHtml ?? '', { waitUntil: 'load' });
      expect(await page.locator('section.step').count()).toBe(4);
      const decoded = await page.evaluate(`Promise.all([...document.querySelectorAll('svg.defs image')].map(async (el) => {
        const img = new Image(); img.src = el.getAttribute('href'); await img.decode(); return [img.naturalWidth, img.naturalHeight];
      }))`);
      expect(decoded).toEqual([[128, 128]]);
      expect(await page.locator('section.step svg.view').count()).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });

  it('fails with UNAVAILABLE after the retries when a module service dies, and the runner keeps serving', async () => {
    const dead = child('facedet-teacher');
    await new Promise<void>((resolve) => {
      dead.process.once('exit', () => resolve());
      dead.process.kill('SIGKILL');
    });
    const item = generateTaskItems('face-tag', { split: 'dev', seed: 0, count: 1 })[0];
    const { error } = await execute(client, { images: images(item), source: { $case: 'program', value: item.program }, options: teacher(common.Module.MODULE_FACEDET) });
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'STEP_FAILED', metadata: { op: 'FACEDET' } });
    const again = await execute(client, { images: images(item), source: { $case: 'program', value: item.program } });
    expect(again.error).toBeUndefined();
  });
});
