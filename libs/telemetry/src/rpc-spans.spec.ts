import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SpanRecord } from './span-record';
import { buildTraceTree, readSpanFile, traceIdsOfRun } from './trace-reader';
import { PROBE, runProbe } from './testing/run-probe';

const RPC = 'grpc.vprog.loc.v1.LocService/Locate';

function byKind(spans: readonly SpanRecord[], kind: SpanRecord['kind'], statusCode: number): SpanRecord {
  const span = spans.find((s) => s.name === RPC && s.kind === kind && s.attributes['rpc.grpc.status_code'] === statusCode);
  if (span === undefined) throw new Error(`no ${kind} span with status ${statusCode} among ${spans.map((s) => `${s.kind} ${s.name}`).join(', ')}`);
  return span;
}

describe('RPC spans of a client → server call through grpc-kit, with the SDK preloaded in a child process', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vprog-telemetry-'));
  const traceFile = path.join(dir, 'spans.jsonl');
  let memorySpans: SpanRecord[];
  let fileSpans: SpanRecord[];

  beforeAll(async () => {
    const [memory] = await Promise.all([
      runProbe(PROBE.inMemorySetup, { ...process.env, OTEL_SERVICE_NAME: 'probe-memory' }),
      runProbe(PROBE.register, { ...process.env, OTEL_SERVICE_NAME: 'probe-file', VPROG_TRACE_FILE: traceFile }),
    ]);
    memorySpans = memory.spans as SpanRecord[];
    fileSpans = await readSpanFile(traceFile);
  }, 120_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('links the server span to the client span: same trace, parent = client span', () => {
    const client = byKind(memorySpans, 'CLIENT', 0);
    const server = byKind(memorySpans, 'SERVER', 0);
    expect(server.traceId).toBe(client.traceId);
    expect(server.parentSpanId).toBe(client.spanId);
  });

  it('records the RPC attributes on both sides, including the status code of a failed call', () => {
    for (const kind of ['CLIENT', 'SERVER'] as const) {
      expect(byKind(memorySpans, kind, 0).attributes).toMatchObject({ 'rpc.system': 'grpc', 'rpc.service': 'vprog.loc.v1.LocService', 'rpc.method': 'Locate' });
      expect(byKind(memorySpans, kind, 3).status.code).toBe('ERROR');
    }
  });

  it('nests spans made with withSpan: the run span over the client span, the handler span under the server span', () => {
    const run = memorySpans.find((s) => s.name === 'vprog.run');
    const infer = memorySpans.find((s) => s.name === 'loc.infer');
    expect(run?.parentSpanId).toBeUndefined();
    expect(byKind(memorySpans, 'CLIENT', 0).parentSpanId).toBe(run?.spanId);
    expect(infer?.parentSpanId).toBe(byKind(memorySpans, 'SERVER', 0).spanId);
    expect(infer?.attributes).toEqual({ 'vprog.module': 'loc', 'vprog.batch.size': 1 });
    expect(run?.service).toBe('probe-memory');
  });

  it('writes the same tree to the JSONL file through register.ts, readable by run id', () => {
    const [traceId] = traceIdsOfRun(fileSpans, 'run-42');
    expect(traceId).toBeDefined();
    const roots = buildTraceTree(fileSpans, traceId ?? '');
    const shape = (nodes: ReturnType<typeof buildTraceTree>): unknown[] =>
      nodes.map((n) => ({ name: n.span.name, kind: n.span.kind, children: shape(n.children) }));
    expect(shape(roots)).toEqual([
      {
        name: 'vprog.run',
        kind: 'INTERNAL',
        children: [
          { name: RPC, kind: 'CLIENT', children: [{ name: RPC, kind: 'SERVER', children: [{ name: 'loc.infer', kind: 'INTERNAL', children: [] }] }] },
          { name: RPC, kind: 'CLIENT', children: [{ name: RPC, kind: 'SERVER', children: [] }] },
        ],
      },
    ]);
    expect(fileSpans.every((s) => s.service === 'probe-file')).toBe(true);
  });
});
