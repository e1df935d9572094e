/**
 * `vprog trace` on a real trace store (a gold program executed on the world's oracle and recorded
 * step by step) and a span file written the way the JSONL exporter writes it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { executeProgram, parseProgram, type ImageValue } from '@vprog/program';
import { openTraceStore } from '@vprog/trace-store';
import { createOracleBackend, encodePng, generateTaskItems, renderTaskImage } from '@vprog/world';
import { registerTraceCommands, traceRun } from './trace';

const span = (name: string, spanId: string, parentSpanId: string | undefined, attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  traceId: 'a'.repeat(32),
  spanId,
  ...(parentSpanId === undefined ? {} : { parentSpanId }),
  name,
  kind: 'INTERNAL',
  startTime: '2025-01-01T10:00:00.000Z',
  endTime: '2025-01-01T10:00:00.010Z',
  startTimeUnixNano: String(1735725600000000000n + BigInt(spanId.charCodeAt(0))),
  durationMs: 10,
  attributes,
  status: { code: 'UNSET' },
  events: [],
  ...extra,
});

describe('vprog trace', () => {
  let dir: string;
  let runId: string;
  const item = generateTaskItems('gqa-shapes', { split: 'dev', seed: 0, count: 5 })[4];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vprog-trace-'));
    const store = openTraceStore({ path: join(dir, 'trace.db'), blobDir: join(dir, 'blobs') });
    const image = item.images[0];
    runId = await store.recordRun({ task: item.task, question: item.question, program: item.program, inputs: { IMAGE: { png: encodePng(renderTaskImage(image)) } } });
    const view: ImageValue = { kind: 'image', root: 'IMAGE', rect: { x1: 0, y1: 0, x2: image.scene.width, y2: image.scene.height } };
    const run = await executeProgram(parseProgram(item.program), { IMAGE: view }, createOracleBackend({ IMAGE: image.scene }), {
      onStep: (e) => e.type === 'finished' && store.recordStep(runId, e.record, e.record.remote ? { name: 'loc-oracle', version: '1' } : undefined),
    });
    await store.finishRun(runId, { status: 'succeeded', result: run.result, latencyMs: 12 });
    await store.close();
    const lines = [
      span('run_program', 'r1', undefined, { 'vprog.run.id': runId }),
      span('execute_tool LOC', 's1', 'r1', { 'vprog.op': 'LOC', 'vprog.module': 'loc', 'vprog.model.version': '1' }),
      span('grpc.vprog.loc.v1.LocService/Locate', 'c1', 's1', {}, { kind: 'CLIENT', service: 'program-runner' }),
      span('execute_tool COUNT', 's2', 'r1', { 'vprog.op': 'COUNT' }, { status: { code: 'ERROR', message: 'boom' } }),
      span('another run', 'x1', undefined, { 'vprog.run.id': 'other' }, { traceId: 'b'.repeat(32) }),
    ];
    writeFileSync(join(dir, 'spans.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"torn":`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function vprog(...args: string[]): Promise<string> {
    const printed: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    try {
      const program = new Command('vprog').exitOverride();
      registerTraceCommands(program);
      await program.parseAsync(['node', 'vprog', ...args]);
    } finally {
      spy.mockRestore();
    }
    return printed.join('');
  }

  it('prints the stored steps with their arguments, outputs and models, then the span tree of the run', async () => {
    const printed = await vprog('trace', runId, '--store', join(dir, 'trace.db'), '--spans', join(dir, 'spans.jsonl'));
    const lines = printed.split('\n');
    expect(lines[0]).toBe(`run ${runId} · succeeded · gqa-shapes · 6 steps · 12.0 ms`);
    expect(lines[1]).toBe(`question: ${item.question}`);
    expect(lines[2]).toMatch(/^ {2}#0 BOX0=LOC\(image=IMAGE\[0,0,128,128\), object="star"\) {2}→ 1 box {2}\[loc-oracle@1\] {2}\d+\.\d ms$/);
    expect(lines[3]).toMatch(/^ {2}#1 IMAGE0=CROP_RIGHTOF\(image=IMAGE\[0,0,128,128\), box=1 box\) {2}→ IMAGE\[\d+,0,128,128\) {2}/);
    expect(printed).toContain(`answer: ${item.answer as string}`);
    expect(printed).toContain(['  run_program  10.0 ms', '    execute_tool LOC  10.0 ms  op=LOC module=loc version=1', '      grpc.vprog.loc.v1.LocService/Locate (client program-runner)  10.0 ms', '    execute_tool COUNT  10.0 ms  op=COUNT ERROR: boom'].join('\n'));
    expect(printed).not.toContain('another run');
  });

  it('works from either source alone, and prints JSON on request', async () => {
    const storeOnly = await vprog('trace', runId, '--store', join(dir, 'trace.db'), '--spans', join(dir, 'none.jsonl'));
    expect(storeOnly).toContain('no spans for this run');
    const spansOnly = await vprog('trace', runId, '--store', join(dir, 'none.db'), '--spans', join(dir, 'spans.jsonl'));
    expect(spansOnly.split('\n')[0]).toBe(`run ${runId} (not in the trace store ${join(dir, 'none.db')})`);
    const json = JSON.parse(await vprog('trace', runId, '--store', join(dir, 'trace.db'), '--spans', join(dir, 'spans.jsonl'), '--json')) as { run: { steps: unknown[] }; traces: unknown[][] };
    expect(json.run.steps).toHaveLength(6);
    expect(json.traces).toHaveLength(1);
  });

  it('fails for a run that neither source knows', async () => {
    await expect(traceRun('nope', { store: join(dir, 'trace.db'), spans: join(dir, 'spans.jsonl') }, () => undefined)).rejects.toThrow(/run nope is neither in the trace store/);
  });
});
