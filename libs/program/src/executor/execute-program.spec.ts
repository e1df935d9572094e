/**
 * The executor against a fake backend. The fake is a test double of this library's own
 * `ModuleBackend` interface: the real backends (gRPC clients in the program-runner, the Shapes
 * world's oracle) live in other projects and are tested there.
 */
import { parseProgram } from '../dsl/parser';
import { isProgramError, type ProgramErrorData } from '../errors';
import type { CallOptions, ImageValue, ModuleBackend } from '../values';
import type { StepEvent } from './execution-types';
import { executeProgram } from './execute-program';

const image = (root: string): ImageValue => ({ kind: 'image', root, rect: { x1: 0, y1: 0, x2: 64, y2: 64 } });
const PAIR = { LEFT: image('LEFT'), RIGHT: image('RIGHT') };
const NLVR = parseProgram(
  [
    "ANSWER0=VQA(image=LEFT,question='How many red circles are in the image?')",
    "ANSWER1=VQA(image=RIGHT,question='How many red circles are in the image?')",
    "ANSWER2=EVAL(expr='{ANSWER0} + {ANSWER1} == 3')",
    'FINAL_ANSWER=RESULT(var=ANSWER2)',
  ].join('\n'),
);

interface Call {
  readonly root: string;
  readonly signal: AbortSignal;
  readonly startedAt: number;
  endedAt?: number;
}

/**
 * A fake backend whose `answer` calls stay pending until `release()` (or, with `holdUntilAborted`,
 * until their signal aborts). It records every call with its signal and timing.
 */
function gatedBackend(answers: Record<string, string>, options: { holdUntilAborted?: boolean } = {}) {
  const calls: Call[] = [];
  const waiting: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let arrived: () => void = () => undefined;
  const backend: ModuleBackend = {
    locate: async () => [],
    detectFaces: async () => [],
    classify: async () => [],
    answer(view: ImageValue, _question: string, callOptions: CallOptions) {
      const call: Call = { root: view.root, signal: callOptions.signal, startedAt: performance.now() };
      calls.push(call);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      arrived();
      return new Promise((resolve, reject) => {
        const done = () => {
          inFlight -= 1;
          call.endedAt = performance.now();
        };
        callOptions.signal.addEventListener('abort', () => {
          done();
          reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        });
        if (!options.holdUntilAborted) {
          waiting.push(() => {
            done();
            resolve({ answer: answers[view.root] ?? '0', score: 1 });
          });
        }
      });
    },
  };
  return {
    backend,
    calls,
    maxInFlight: () => maxInFlight,
    /** Resolves once `count` answer calls have started (or after `ms`, whichever is first). */
    whenStarted(count: number, ms = 500): Promise<void> {
      return new Promise((resolve) => {
        const timer = setTimeout(resolve, ms);
        const check = () => {
          if (calls.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        };
        arrived = check;
        check();
      });
    },
    release(): void {
      for (const resolve of waiting.splice(0)) resolve();
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<ProgramErrorData> {
  try {
    await promise;
  } catch (error) {
    if (isProgramError(error)) return error;
    throw error;
  }
  throw new Error('expected the run to fail');
}

describe('executeProgram', () => {
  it('runs the LEFT and RIGHT branches at the same time and joins them in EVAL', async () => {
    const fake = gatedBackend({ LEFT: '1', RIGHT: '2' });
    const events: StepEvent[] = [];
    const running = executeProgram(NLVR, PAIR, fake.backend, { onStep: (e) => events.push(e) });
    await fake.whenStarted(2);
    expect(fake.calls.map((c) => c.root)).toEqual(['LEFT', 'RIGHT']);
    expect(fake.maxInFlight()).toBe(2);
    expect(events.map((e) => e.type)).toEqual(['started', 'started']);
    fake.release();
    const run = await running;
    expect(run.result).toBe(true);
    const [left, right] = fake.calls;
    expect(right.startedAt).toBeLessThan(left.endedAt as number);
    expect(events.filter((e) => e.type === 'started').map((e) => (e.type === 'started' ? e.index : -1))).toEqual([0, 1, 2, 3]);
  });

  it("starts the next ready step in a later turn of the event loop than a remote step's call, so that call's request leaves first", async () => {
    const order: string[] = [];
    const backend: ModuleBackend = {
      locate: async () => [],
      detectFaces: async () => [],
      classify: async () => [],
      answer(view: ImageValue) {
        order.push(`call ${view.root}`);
        // The request goes out when the current turn ends (as gRPC's HTTP/2 writes do); it is
        // answered then.
        return new Promise((resolve) =>
          setImmediate(() => {
            order.push(`turn after ${view.root}`);
            resolve({ answer: '1', score: 1 });
          }),
        );
      },
    };
    await expect(executeProgram(NLVR, PAIR, backend)).resolves.toMatchObject({ result: false });
    expect(order.slice(0, 3)).toEqual(['call LEFT', 'turn after LEFT', 'call RIGHT']);
  });

  it('never runs more steps at once than the concurrency limit', async () => {
    const fake = gatedBackend({ LEFT: '1', RIGHT: '2' });
    const running = executeProgram(NLVR, PAIR, fake.backend, { concurrency: 1 });
    await fake.whenStarted(2, 50);
    expect(fake.calls).toHaveLength(1);
    fake.release();
    await fake.whenStarted(2, 500);
    fake.release();
    await expect(running).resolves.toMatchObject({ result: true });
    expect(fake.maxInFlight()).toBe(1);
  });

  it('records every step: op, output, JSON-able args, value, latency and rationale', async () => {
    const fake = gatedBackend({ LEFT: '1', RIGHT: '2' });
    const running = executeProgram(NLVR, PAIR, fake.backend);
    await fake.whenStarted(2);
    fake.release();
    const { steps } = await running;
    expect(steps.map((s) => [s.index, s.output, s.op, s.remote, s.line])).toEqual([
      [0, 'ANSWER0', 'VQA', true, 1],
      [1, 'ANSWER1', 'VQA', true, 2],
      [2, 'ANSWER2', 'EVAL', false, 3],
      [3, 'FINAL_ANSWER', 'RESULT', false, 4],
    ]);
    expect(steps[0].args).toEqual({ image: PAIR.LEFT, question: 'How many red circles are in the image?' });
    expect(steps[0].value).toBe('1');
    expect(steps[2].rationale).toEqual({ text: '{ANSWER0} + {ANSWER1} == 3 → true' });
    for (const step of steps) expect(step.latencyMs).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(JSON.stringify(steps))).toEqual(steps);
  });

  it('passes cancellation to every in-flight backend call and starts no further step', async () => {
    const fake = gatedBackend({}, { holdUntilAborted: true });
    const controller = new AbortController();
    const events: StepEvent[] = [];
    const running = executeProgram(NLVR, PAIR, fake.backend, { signal: controller.signal, onStep: (e) => events.push(e) });
    await fake.whenStarted(2);
    expect(fake.calls.every((c) => !c.signal.aborted)).toBe(true);
    controller.abort();
    const error = await failure(running);
    expect(error).toMatchObject({ code: 'CANCELLED', reason: 'RUN_CANCELLED', stepIndex: 0, op: 'VQA' });
    expect(fake.calls.map((c) => c.signal.aborted)).toEqual([true, true]);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events.map((e) => e.type)).toEqual(['started', 'started']);
  });

  it('reports a deadline from AbortSignal.timeout as DEADLINE_EXCEEDED', async () => {
    const fake = gatedBackend({}, { holdUntilAborted: true });
    const error = await failure(executeProgram(NLVR, PAIR, fake.backend, { signal: AbortSignal.timeout(20) }));
    expect(error).toMatchObject({ code: 'DEADLINE_EXCEEDED', reason: 'RUN_DEADLINE_EXCEEDED' });
    expect(fake.calls.every((c) => c.signal.aborted)).toBe(true);
  });

  it('does nothing when the signal is already aborted', async () => {
    const fake = gatedBackend({});
    const controller = new AbortController();
    controller.abort();
    await expect(executeProgram(NLVR, PAIR, fake.backend, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(fake.calls).toEqual([]);
  });

  it('stops the run at a failing step, naming it, with the backend status code, and aborts its sibling', async () => {
    const fake = gatedBackend({}, { holdUntilAborted: true });
    const backend: ModuleBackend = {
      ...fake.backend,
      locate: async () => {
        throw Object.assign(new Error('loc service unavailable'), { code: 14 });
      },
    };
    const program = parseProgram(
      "A=VQA(image=IMAGE,question='q')\nB=LOC(image=IMAGE,object='star')\nN=COUNT(box=B)\nF=RESULT(var=N)",
    );
    const events: StepEvent[] = [];
    const error = await failure(executeProgram(program, { IMAGE: image('IMAGE') }, backend, { onStep: (e) => events.push(e) }));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', reason: 'STEP_FAILED', stepIndex: 1, op: 'LOC', line: 2, column: 1 });
    expect(error.message).toBe('step 1 (B=LOC, line 2): loc service unavailable');
    expect(fake.calls[0].signal.aborted).toBe(true);
    const finished = events.filter((e) => e.type === 'finished');
    expect(finished).toHaveLength(1);
    expect(finished[0].type === 'finished' && finished[0].record.error).toMatchObject({ reason: 'STEP_FAILED', stepIndex: 1 });
    expect(events.some((e) => e.type === 'started' && e.op === 'COUNT')).toBe(false);
  });

  it('positions a run-time EVAL error at the offending character of the program source', async () => {
    const fake = gatedBackend({ LEFT: 'red', RIGHT: '2' });
    const program = parseProgram("A0=VQA(image=LEFT,question='q')\nA1=VQA(image=RIGHT,question='q')\nA2=EVAL(expr='{A0} - {A1}')\nF=RESULT(var=A2)");
    const running = executeProgram(program, PAIR, fake.backend);
    await fake.whenStarted(2);
    fake.release();
    const error = await failure(running);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'EVAL_TYPE', stepIndex: 2, op: 'EVAL', line: 3, column: 15 });
    expect(error.message).toMatch(/^step 2 \(A2=EVAL, line 3\): line 3, column 15: EVAL: '-' needs numbers, got the string 'red'$/);
  });

  it('validates before running: an invalid program makes no backend call', async () => {
    const fake = gatedBackend({});
    const program = parseProgram("A=VQA(image=IMAGE,question='q')\nF=RESULT(var=A)");
    await expect(executeProgram(program, PAIR, fake.backend)).rejects.toMatchObject({ reason: 'PROGRAM_INVALID', line: 1, column: 13 });
    expect(fake.calls).toEqual([]);
  });

  it('rejects a bad concurrency and inputs that are not image views', async () => {
    const fake = gatedBackend({});
    await expect(executeProgram(NLVR, PAIR, fake.backend, { concurrency: 0 })).rejects.toMatchObject({ reason: 'BAD_OPTIONS' });
    const bad = { LEFT: PAIR.LEFT, RIGHT: 'pixels' as unknown as ImageValue };
    await expect(executeProgram(NLVR, bad, fake.backend)).rejects.toMatchObject({ reason: 'BAD_OPTIONS' });
  });

  it('keeps running when a listener throws, and hands the exception to onListenerError', async () => {
    const program = parseProgram("B=LOC(image=IMAGE,object='left')\nN=COUNT(box=B)\nF=RESULT(var=N)");
    const seen: Array<{ message: string; type: string }> = [];
    const run = await executeProgram(program, { IMAGE: image('IMAGE') }, gatedBackend({}).backend, {
      onStep: () => {
        throw new Error('listener bug');
      },
      onListenerError: (error, event) => seen.push({ message: (error as Error).message, type: event.type }),
    });
    expect(run.result).toBe(1);
    expect(seen).toHaveLength(6);
    expect(seen[0]).toEqual({ message: 'listener bug', type: 'started' });
  });

  it('reports a throwing listener as a process warning when no onListenerError is given', async () => {
    const program = parseProgram("B=LOC(image=IMAGE,object='left')\nN=COUNT(box=B)\nF=RESULT(var=N)");
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const run = await executeProgram(program, { IMAGE: image('IMAGE') }, gatedBackend({}).backend, {
        onStep: (event) => {
          if (event.type === 'finished' && event.record.op === 'COUNT') throw new Error('trace store is full');
        },
      });
      expect(run.result).toBe(1);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toMatch(/'finished' event of step 1: trace store is full/);
    } finally {
      warn.mockRestore();
    }
  });

  it('puts what the backend reports about a call (model, soft output) into the step record', async () => {
    const backend: ModuleBackend = {
      ...gatedBackend({}).backend,
      locate: async (_view, _object, callOptions) => {
        callOptions.report?.({ module: 'loc', model: { name: 'loc-student', version: '3' }, soft: { kind: 'detections', scores: [0.8] } });
        return [{ x1: 1, y1: 2, x2: 10, y2: 12, score: 0.8 }];
      },
    };
    const program = parseProgram("B=LOC(image=IMAGE,object='star')\nN=COUNT(box=B)\nF=RESULT(var=N)");
    const run = await executeProgram(program, { IMAGE: image('IMAGE') }, backend);
    expect(run.steps[0].module).toEqual({ module: 'loc', model: { name: 'loc-student', version: '3' }, soft: { kind: 'detections', scores: [0.8] } });
    expect(run.steps[1].module).toBeUndefined();
  });

  it('records every box and character of the arguments, while the started event summarises them for display', async () => {
    const boxes = Array.from({ length: 25 }, (_, i) => ({ x1: i, y1: 0, x2: i + 1, y2: 1, score: 0.5 }));
    const backend: ModuleBackend = { ...gatedBackend({}).backend, locate: async () => boxes };
    const long = 'a'.repeat(300);
    const program = parseProgram(`B=LOC(image=IMAGE,object='${long}')\nN=COUNT(box=B)\nF=RESULT(var=B)`);
    const started: StepEvent[] = [];
    const run = await executeProgram(program, { IMAGE: image('IMAGE') }, backend, { onStep: (e) => e.type === 'started' && started.push(e) });
    expect(run.steps[0].args.object).toBe(long);
    const full = run.steps[1].args.box as { count: number; boxes: readonly unknown[] };
    expect([full.count, full.boxes.length]).toEqual([25, 25]);
    const display = started.map((e) => (e.type === 'started' ? e.args : {}));
    expect((display[0].object as string).length).toBe(201);
    const summary = display[1].box as { count: number; boxes: readonly unknown[] };
    expect([summary.count, summary.boxes.length]).toEqual([25, 10]);
  });

  it('runs every step, and the backend calls it makes, inside aroundStep', async () => {
    let current: string | undefined;
    const wrapped: string[] = [];
    const calledInside: Array<string | undefined> = [];
    const backend: ModuleBackend = {
      ...gatedBackend({}).backend,
      locate: async () => {
        calledInside.push(current);
        return [];
      },
    };
    const program = parseProgram("B=LOC(image=IMAGE,object='star')\nN=COUNT(box=B)\nF=RESULT(var=N)");
    const run = await executeProgram(program, { IMAGE: image('IMAGE') }, backend, {
      aroundStep: async (step, next) => {
        wrapped.push(`${step.index}:${step.op}:${step.remote}`);
        current = step.op;
        try {
          return await next();
        } finally {
          current = undefined;
        }
      },
    });
    expect(run.result).toBe(0);
    expect(wrapped).toEqual(['0:LOC:true', '1:COUNT:false', '2:RESULT:false']);
    expect(calledInside).toEqual(['LOC']);
  });
});
