/**
 * `vprog run` against a stand-in RunnerService: a real grpc-js server (through grpc-kit) that
 * records the request and streams canned events. The real runner is tested in its own project
 * and in e2e/; here the subject is the command: the request it builds and what it prints.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { defineService, encodeStatus, invalidArgument, serverStream, silentLogger, startServer, unavailable, unary, type RunningServer } from '@vprog/grpc-kit';
import { common, rpc, runner } from '@vprog/proto-ts';
import { encodePng } from '@vprog/world';
import { registerRunCommands, runOnRunner } from './run';

const PNG = encodePng({ width: 2, height: 2, channels: 3, data: new Uint8Array(12) });
const PROGRAM = "BOX0=LOC(image=IMAGE,object='star')\nANSWER0=COUNT(box=BOX0)\nFINAL_RESULT=RESULT(var=ANSWER0)";

describe('vprog run', () => {
  let server: RunningServer;
  let dir: string;
  const requests: runner.ExecuteRequest[] = [];
  let fail: 'none' | 'step' = 'none';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vprog-run-'));
    writeFileSync(join(dir, 'scene.png'), PNG);
    writeFileSync(join(dir, 'left.png'), PNG);
    writeFileSync(join(dir, 'count.vp'), PROGRAM);
    const service = defineService(runner.RunnerServiceService, {
      execute: serverStream(async function* (request: runner.ExecuteRequest) {
        requests.push(request);
        if (request.source?.$case === 'program' && request.source.value.includes('BROKEN')) {
          throw invalidArgument('line 1, column 6: unknown op', [{ field: 'program.steps[0].op', description: 'line 1, column 6: unknown op' }], { reason: 'PROGRAM_INVALID' });
        }
        const runId = 'run-1';
        yield { runId, event: { $case: 'stepStarted', value: { stepIndex: 0, op: 'LOC', outputVar: 'BOX0' } } };
        if (fail === 'step') {
          const error = rpc.Status.decode(encodeStatus(unavailable('loc is down', { reason: 'STEP_FAILED' })));
          yield { runId, event: { $case: 'stepFinished', value: { stepIndex: 0, op: 'LOC', outputVar: 'BOX0', outputSummary: '', latencyMs: 3, error } } };
          throw unavailable('step 0 (BOX0=LOC, line 1): loc is down', { reason: 'STEP_FAILED' });
        }
        yield { runId, event: { $case: 'stepFinished', value: { stepIndex: 0, op: 'LOC', outputVar: 'BOX0', outputSummary: '2 boxes', model: { name: 'loc-student', version: '3' }, latencyMs: 4.25 } } };
        const html = request.options?.includeRationaleHtml ? '<!DOCTYPE html><p>why</p>' : '';
        yield { runId, event: { $case: 'result', value: { answer: '2', program: PROGRAM, rationaleJson: '{}', rationaleHtml: html, latencyMs: 9.5 } } };
      }),
      parse: unary(async () => ({ steps: [], issues: [] })),
    });
    server = await startServer({ host: '127.0.0.1', port: 0, requestLog: false }, [service], { logger: silentLogger, reflection: false });
  });
  afterAll(async () => {
    await server.shutdown(100);
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    requests.splice(0);
    fail = 'none';
  });

  async function vprog(...args: string[]): Promise<string> {
    const printed: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    try {
      const program = new Command('vprog').exitOverride();
      registerRunCommands(program);
      await program.parseAsync(['node', 'vprog', ...args, '--runner', server.address]);
    } finally {
      spy.mockRestore();
    }
    return printed.join('');
  }

  it('sends the program and the image as IMAGE, and prints each step and the answer', async () => {
    const printed = await vprog('run', '--image', join(dir, 'scene.png'), '--program', join(dir, 'count.vp'), '--task', 'gqa-shapes');
    expect(requests[0]).toMatchObject({ task: 'gqa-shapes', source: { $case: 'program', value: PROGRAM }, options: { includeRationaleHtml: false } });
    expect(Object.keys(requests[0].images)).toEqual(['IMAGE']);
    expect(printed).toBe('#0 BOX0=LOC  → 2 boxes  [loc-student@3]  4.3 ms\nanswer: 2\nrun run-1 · 1 steps · 9.5 ms\n');
  });

  it('sends a question with its generator, two images as LEFT and RIGHT, teacher routes, and prints JSON', async () => {
    const printed = await vprog('run', '--image', join(dir, 'left.png'), '--image', join(dir, 'scene.png'), '--question', 'Both images contain a star.', '--generator', 'template', '--teacher', 'vqa,loc', '--json');
    expect(requests[0].source).toEqual({ $case: 'question', value: { question: 'Both images contain a star.', generator: 'template', exampleId: '' } });
    expect(Object.keys(requests[0].images)).toEqual(['LEFT', 'RIGHT']);
    expect(requests[0].options?.moduleOverrides).toEqual([
      { module: common.Module.MODULE_VQA, useTeacher: true, modelVersion: '' },
      { module: common.Module.MODULE_LOC, useTeacher: true, modelVersion: '' },
    ]);
    expect(JSON.parse(printed)).toEqual({ runId: 'run-1', answer: '2', program: PROGRAM, latencyMs: 9.5, steps: [{ index: 0, op: 'LOC', output: 'BOX0', summary: '2 boxes', model: 'loc-student@3', latencyMs: 4.25 }] });
  });

  it('asks for the rationale page and writes it where --html says', async () => {
    await vprog('run', '--image', `IMAGE=${join(dir, 'scene.png')}`, '--program', join(dir, 'count.vp'), '--html', join(dir, 'out', 'why.html'));
    expect(requests[0].options?.includeRationaleHtml).toBe(true);
    expect(readFileSync(join(dir, 'out', 'why.html'), 'utf8')).toBe('<!DOCTYPE html><p>why</p>');
  });

  it("fails with the runner's typed error and its field violations", async () => {
    writeFileSync(join(dir, 'broken.vp'), 'BOX0=BROKEN(image=IMAGE)');
    await expect(vprog('run', '--image', join(dir, 'scene.png'), '--program', join(dir, 'broken.vp'))).rejects.toThrow(
      "[INVALID_ARGUMENT/PROGRAM_INVALID] line 1, column 6: unknown op\n  program.steps[0].op: line 1, column 6: unknown op",
    );
    fail = 'step';
    const printed: string[] = [];
    await expect(runOnRunner({ image: [join(dir, 'scene.png')], program: join(dir, 'count.vp'), runner: server.address }, (t) => printed.push(t))).rejects.toThrow(/^\[UNAVAILABLE\/STEP_FAILED\] step 0/);
    expect(printed).toEqual(['#0 BOX0=LOC  → FAILED STEP_FAILED: loc is down  3.0 ms\n']);
  });

  it('refuses flags that do not make a request before calling anything', async () => {
    await expect(vprog('run', '--program', join(dir, 'count.vp'))).rejects.toThrow(/at least one --image/);
    await expect(vprog('run', '--image', join(dir, 'scene.png'))).rejects.toThrow(/either --program FILE or --question TEXT/);
    await expect(vprog('run', '--image', join(dir, 'scene.png'), '--question', 'q', '--teacher', 'ocr')).rejects.toThrow(/unknown module "ocr"/);
    await expect(vprog('run', '--image', join(dir, 'missing.png'), '--question', 'q')).rejects.toThrow(/cannot read image/);
    expect(requests).toEqual([]);
  });

  it('says where it looked when no runner answers', async () => {
    await expect(runOnRunner({ image: [join(dir, 'scene.png')], question: 'q', runner: '127.0.0.1:1', deadlineMs: 3000 }, () => undefined)).rejects.toThrow(/UNAVAILABLE.*127\.0\.0\.1:1/);
  });
});
