/**
 * Execute when things go wrong: bad input, cancelled calls, dead and failing modules. After each
 * failure the runner keeps serving.
 */
import { createServer } from 'node:net';
import { unavailable, invalidArgument, waitFor, type VprogError } from '@vprog/grpc-kit';
import type { runner } from '@vprog/proto-ts';
import { startFakeModules, type FakeModules } from './testing/fake-modules';
import { collect, devItems, executeRequest, itemImages, moduleEnv, startRunnerFixture, type RunnerFixture } from './testing/runner-fixture';

const COUNT_STARS = "BOX0=LOC(image=IMAGE,object='star')\nANSWER0=COUNT(box=BOX0)\nFINAL_RESULT=RESULT(var=ANSWER0)";

/** A loopback port nobody listens on. */
async function deadAddress(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `127.0.0.1:${port}`;
}

describe('Execute failures', () => {
  let modules: FakeModules;
  let fixture: RunnerFixture;
  const image = itemImages(devItems('gqa-shapes', 1)[0]);
  const behaviour = () => ({ ...modules.behaviour });
  let saved: ReturnType<typeof behaviour>;

  beforeAll(async () => {
    modules = await startFakeModules();
    saved = behaviour();
    fixture = await startRunnerFixture(moduleEnv(modules));
  });
  afterAll(async () => {
    await fixture.close();
    await modules.close();
  });
  afterEach(async () => {
    Object.assign(modules.behaviour, saved);
    modules.calls.splice(0);
    // Whatever failed, the runner still serves.
    const { error } = await collect(fixture.client.execute(executeRequest({ images: image, source: { $case: 'program', value: COUNT_STARS } })));
    expect(error).toBeUndefined();
    modules.calls.splice(0);
  });

  it('rejects bad input with INVALID_ARGUMENT and one field violation per problem', async () => {
    const { error } = await collect(
      fixture.client.execute(executeRequest({ images: { IMAGE: { source: { $case: 'encoded', value: Buffer.from('not a png') } }, 'bad name': { source: { $case: 'encoded', value: Buffer.from([0xff, 0xd8, 0xff, 0]) } } } })),
    );
    const e = error as VprogError;
    expect(e).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'BAD_REQUEST' });
    expect(e.fieldViolations.map((v) => v.field)).toEqual(['images[IMAGE].encoded', 'images[bad name]', 'source']);
    const raw = await collect(fixture.client.execute(executeRequest({ images: { IMAGE: { source: { $case: 'raw', value: { width: 2, height: 2, channels: 3, data: Buffer.alloc(5) } } } }, source: { $case: 'program', value: COUNT_STARS } })));
    expect((raw.error as VprogError).fieldViolations).toEqual([expect.objectContaining({ field: 'images[IMAGE].raw.data', description: expect.stringMatching(/expected 12 bytes/) })]);
    expect(modules.calls).toHaveLength(0);
  });

  it('rejects a malformed program with its line and column, and an invalid one with every problem, before any module call', async () => {
    const syntax = await collect(fixture.client.execute(executeRequest({ images: image, source: { $case: 'program', value: "BOX0=LOC(image=IMAGE,object='star')\nA=COUNT(box=BOX0))\nF=RESULT(var=A)" } })));
    expect(syntax.error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'PROGRAM_SYNTAX', metadata: { line: '2', column: '18' } });
    expect((syntax.error as VprogError).fieldViolations).toEqual([expect.objectContaining({ field: 'program', description: expect.stringMatching(/^line 2, column 18: /) })]);
    const invalid = await collect(fixture.client.execute(executeRequest({ images: image, source: { $case: 'program', value: "BOX0=LOCATE(image=IMAGE,object='star')\nA=COUNT(box=BOX9)\nF=RESULT(var=A)" } })));
    const e = invalid.error as VprogError;
    expect(e).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'PROGRAM_INVALID', metadata: { line: '1', column: '6' } });
    expect(e.fieldViolations.map((v) => v.field)).toEqual(['program.steps[0].op', 'program.steps[1].args.box']);
    expect(e.fieldViolations[1].description).toMatch(/^line 2, column 13: variable 'BOX9' is not defined/);
    const missingImage = await collect(fixture.client.execute(executeRequest({ images: image, source: { $case: 'program', value: "A=VQA(image=LEFT,question='q')\nF=RESULT(var=A)" } })));
    expect(missingImage.error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'PROGRAM_INVALID', metadata: { line: '1', column: '13' } });
    expect(modules.calls).toHaveLength(0);
  });

  it('cancels the module call in flight when the client cancels the Execute call, and records the run as cancelled', async () => {
    modules.behaviour.locate = (_request, ctx) => new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    const controller = new AbortController();
    const seen: runner.ExecuteResponse[] = [];
    const stream = (async () => {
      for await (const event of fixture.client.execute(executeRequest({ images: image, source: { $case: 'program', value: COUNT_STARS } }), { signal: controller.signal })) seen.push(event);
    })();
    await waitFor(() => modules.loc.calls.length === 1);
    controller.abort();
    await expect(stream).rejects.toMatchObject({ code: 'CANCELLED' });
    await waitFor(() => modules.loc.calls[0].signal.aborted);
    const runId = seen[0].runId;
    await waitFor(() => fixture.runner.store!.getRun(runId).status !== 'running');
    expect(fixture.runner.store!.getRun(runId)).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
  });

  it('ends a run that outlives its deadline as DEADLINE_EXCEEDED, the call deadline or the runner default', async () => {
    modules.behaviour.locate = (_request, ctx) => new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    const request = executeRequest({ images: image, source: { $case: 'program', value: COUNT_STARS } });
    const byCall = await collect(fixture.client.execute(request, { deadlineMs: 400 }));
    expect(byCall.error).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
    const short = await startRunnerFixture({ ...moduleEnv(modules), VPROG_RUNNER_RUN_TIMEOUT_MS: '300' });
    try {
      const byRunner = await collect(short.client.execute(request, { deadlineMs: Infinity }));
      expect(byRunner.error).toMatchObject({ code: 'DEADLINE_EXCEEDED' });
      await waitFor(() => short.runner.store!.getRun(byRunner.events[0].runId).status !== 'running');
      expect(short.runner.store!.getRun(byRunner.events[0].runId)).toMatchObject({ status: 'cancelled', error: { code: 'DEADLINE_EXCEEDED' } });
    } finally {
      await short.close();
    }
  });

  it('retries a module that answers UNAVAILABLE, then fails the run with UNAVAILABLE naming the step', async () => {
    modules.behaviour.locate = async () => {
      throw unavailable('warming up');
    };
    const { events, error } = await collect(fixture.client.execute(executeRequest({ images: image, source: { $case: 'program', value: COUNT_STARS } })));
    expect(modules.loc.calls).toHaveLength(4);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'STEP_FAILED', metadata: { stepIndex: '0', op: 'LOC', line: '1', moduleReason: 'UNAVAILABLE' } });
    const last = events[events.length - 1].event;
    expect(last?.$case === 'stepFinished' && last.value.error).toMatchObject({ code: 14 });
    expect(fixture.runner.store!.getRun(events[0].runId)).toMatchObject({ status: 'failed', stepCount: 1, steps: [{ error: { reason: 'STEP_FAILED' } }] });
  });

  it('does not retry other failures: a module INVALID_ARGUMENT fails the step at once', async () => {
    modules.behaviour.locate = async () => {
      throw invalidArgument('object phrase too long', [{ field: 'object', description: 'too long' }]);
    };
    const { error } = await collect(fixture.client.execute(executeRequest({ images: image, source: { $case: 'program', value: COUNT_STARS } })));
    expect(modules.loc.calls).toHaveLength(1);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'STEP_FAILED', metadata: { moduleReason: 'BAD_REQUEST' } });
  });

  it('fails with UNAVAILABLE when a module service is down, and nothing crashes', async () => {
    const dead = await startRunnerFixture({ ...moduleEnv(modules), VPROG_RUNNER_LOC_ADDRESS: await deadAddress() });
    try {
      const started = Date.now();
      const { error } = await collect(dead.client.execute(executeRequest({ images: image, source: { $case: 'program', value: COUNT_STARS } })));
      expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'STEP_FAILED', metadata: { op: 'LOC' } });
      expect(Date.now() - started).toBeLessThan(10_000);
      const parse = await dead.client.parse({ program: COUNT_STARS, imageNames: [] });
      expect(parse.issues).toEqual([]);
    } finally {
      await dead.close();
    }
  });

  it('runs the independent LEFT and RIGHT branches of an NLVR program at the same time', async () => {
    const item = devItems('nlvr-shapes', 1)[0];
    let inFlight = 0;
    let most = 0;
    modules.behaviour.answer = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      // Hold each call until both are in flight (or give up after 2 s: then they ran one by one).
      await waitFor(() => most === 2, 2000, 5).catch(() => undefined);
      inFlight -= 1;
      return { answer: '1', score: 0.9, top: [{ label: '1', score: 0.9 }] };
    };
    const { events, error } = await collect(fixture.client.execute(executeRequest({ images: itemImages(item), source: { $case: 'program', value: item.program }, task: 'nlvr-shapes' })));
    expect(error).toBeUndefined();
    expect(most).toBe(2);
    const order = events.slice(0, 3).map((e) => `${e.event?.$case}:${e.event?.$case === 'result' ? '' : e.event?.value.stepIndex}`);
    expect(order).toEqual(['stepStarted:0', 'stepStarted:1', expect.stringMatching(/^stepFinished:[01]$/)]);
  });
});
