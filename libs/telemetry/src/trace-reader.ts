import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { VPROG_ATTRIBUTES } from './attributes';
import type { SpanRecord } from './span-record';

/** A span and the spans it caused, ordered by start time. */
export interface SpanNode {
  readonly span: SpanRecord;
  readonly children: SpanNode[];
}

/**
 * Reads every span of a JSONL trace file. Lines that are not span records (a torn last line
 * after a crash, stray text) are skipped; a span exported twice is kept once.
 *
 * @throws Error (ENOENT) when the file does not exist.
 */
export async function readSpanFile(file: string): Promise<SpanRecord[]> {
  const spans = new Map<string, SpanRecord>();
  const lines = readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    const span = parseSpanLine(line);
    if (span !== undefined) spans.set(`${span.traceId}/${span.spanId}`, span);
  }
  return [...spans.values()];
}

/** Parses one line of a trace file, or undefined when it is not a span record. */
export function parseSpanLine(line: string): SpanRecord | undefined {
  if (line.trim() === '') return undefined;
  try {
    const value = JSON.parse(line) as Partial<SpanRecord> | null;
    if (typeof value?.traceId !== 'string' || typeof value.spanId !== 'string' || typeof value.name !== 'string') return undefined;
    return value as SpanRecord;
  } catch {
    return undefined;
  }
}

/** The ids of the traces that hold a span with `vprog.run.id` equal to `runId`. */
export function traceIdsOfRun(spans: readonly SpanRecord[], runId: string): string[] {
  return [...new Set(spans.filter((s) => s.attributes[VPROG_ATTRIBUTES.RUN_ID] === runId).map((s) => s.traceId))];
}

/**
 * Builds the span tree of one trace: roots are spans without a parent, or whose parent is not in
 * the file (e.g. recorded by a process that exports elsewhere). Siblings are ordered by start.
 */
export function buildTraceTree(spans: readonly SpanRecord[], traceId: string): SpanNode[] {
  const ofTrace = spans.filter((s) => s.traceId === traceId).sort(byStart);
  const nodes = new Map<string, SpanNode>(ofTrace.map((span) => [span.spanId, { span, children: [] }]));
  const roots: SpanNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.span.parentSpanId === undefined ? undefined : nodes.get(node.span.parentSpanId);
    if (parent === undefined) roots.push(node);
    else parent.children.push(node);
  }
  return roots;
}

/**
 * Loads the span trees of a run (usually one trace) from a trace file.
 *
 * @throws Error (ENOENT) when the file does not exist.
 */
export async function loadRunTraces(file: string, runId: string): Promise<SpanNode[][]> {
  const spans = await readSpanFile(file);
  return traceIdsOfRun(spans, runId).map((traceId) => buildTraceTree(spans, traceId));
}

function byStart(a: SpanRecord, b: SpanRecord): number {
  const left = startNanos(a);
  const right = startNanos(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

function startNanos(span: SpanRecord): bigint {
  if (typeof span.startTimeUnixNano === 'string' && /^\d+$/.test(span.startTimeUnixNano)) return BigInt(span.startTimeUnixNano);
  const ms = Date.parse(span.startTime);
  return Number.isFinite(ms) ? BigInt(ms) * 1_000_000n : 0n;
}
