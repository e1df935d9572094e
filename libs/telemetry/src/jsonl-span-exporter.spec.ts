import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonlSpanExporter } from './jsonl-span-exporter';
import { buildTraceTree, loadRunTraces, readSpanFile, traceIdsOfRun } from './trace-reader';

describe('JsonlSpanExporter and the trace reader', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vprog-jsonl-'));
    file = path.join(dir, 'nested', 'spans.jsonl');
  });

  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function recordRun(runId: string): Promise<void> {
    const exporter = new JsonlSpanExporter(file);
    const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    const tracer = provider.getTracer('vprog');
    const run = tracer.startSpan('vprog.run', { attributes: { 'vprog.run.id': runId } });
    const runContext = trace.setSpan(context.active(), run);
    const step0 = tracer.startSpan('execute_tool LOC', { attributes: { 'vprog.op': 'LOC', 'vprog.step.index': 0 } }, runContext);
    step0.addEvent('boxes', { count: 2 });
    step0.end();
    const step1 = tracer.startSpan('execute_tool VQA', { kind: SpanKind.CLIENT, attributes: { 'vprog.op': 'VQA', 'vprog.step.index': 1 } }, runContext);
    step1.setStatus({ code: SpanStatusCode.ERROR, message: 'QUEUE_FULL' });
    step1.end();
    run.end();
    await provider.shutdown();
  }

  it('writes one JSON line per span with ids, parent, kind, times, attributes, status and events', async () => {
    await recordRun('run-1');
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const step0 = records.find((r) => r.name === 'execute_tool LOC');
    const run = records.find((r) => r.name === 'vprog.run');
    expect(step0).toMatchObject({ kind: 'INTERNAL', parentSpanId: run?.spanId, traceId: run?.traceId, attributes: { 'vprog.op': 'LOC', 'vprog.step.index': 0 }, status: { code: 'UNSET' } });
    expect(step0?.events).toEqual([{ name: 'boxes', time: expect.any(String), attributes: { count: 2 } }]);
    expect(records.find((r) => r.name === 'execute_tool VQA')).toMatchObject({ kind: 'CLIENT', status: { code: 'ERROR', message: 'QUEUE_FULL' } });
    expect(Date.parse(String(step0?.endTime))).toBeGreaterThanOrEqual(Date.parse(String(step0?.startTime)));
    expect(run).not.toHaveProperty('parentSpanId');
  });

  it('builds the tree of a run, children ordered by start, and ignores torn or foreign lines', async () => {
    await recordRun('run-a');
    await recordRun('run-b');
    fs.appendFileSync(file, 'not json\n{"traceId":"x"}\n{"traceId":"abc","spanId":"d');
    const spans = await readSpanFile(file);
    expect(spans).toHaveLength(6);
    const [traceId] = traceIdsOfRun(spans, 'run-b');
    const roots = buildTraceTree(spans, traceId ?? '');
    expect(roots.map((r) => r.span.name)).toEqual(['vprog.run']);
    expect(roots[0]?.children.map((c) => c.span.name)).toEqual(['execute_tool LOC', 'execute_tool VQA']);
    expect(roots[0]?.span.attributes['vprog.run.id']).toBe('run-b');
    const trees = await loadRunTraces(file, 'run-a');
    expect(trees).toHaveLength(1);
    expect(trees[0]?.[0]?.span.attributes['vprog.run.id']).toBe('run-a');
  });

  it('makes a span whose parent is not in the file a root', async () => {
    await recordRun('run-1');
    const spans = (await readSpanFile(file)).filter((s) => s.name !== 'vprog.run');
    const roots = buildTraceTree(spans, spans[0]?.traceId ?? '');
    expect(roots.map((r) => r.span.name).sort()).toEqual(['execute_tool LOC', 'execute_tool VQA']);
  });

  it('reports a failed export instead of throwing, and refuses exports after shutdown', async () => {
    const blocker = path.join(dir, 'file-not-dir');
    fs.writeFileSync(blocker, '');
    const broken = new JsonlSpanExporter(path.join(blocker, 'spans.jsonl'));
    const provider = new BasicTracerProvider();
    const span = provider.getTracer('t').startSpan('s');
    span.end();
    const readable = span as unknown as Parameters<JsonlSpanExporter['export']>[0][number];
    const result = await new Promise<{ code: number }>((resolve) => broken.export([readable], resolve));
    expect(result.code).toBe(1);
    const ok = new JsonlSpanExporter(file);
    await ok.shutdown();
    const afterShutdown = await new Promise<{ code: number }>((resolve) => ok.export([readable], resolve));
    expect(afterShutdown.code).toBe(1);
  });
});
