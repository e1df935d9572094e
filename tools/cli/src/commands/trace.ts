import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TRACE_FILE, loadRunTraces, type SpanNode } from '@vprog/telemetry';
import { openTraceStore, type TraceRunWithSteps, type TraceStep } from '@vprog/trace-store';

/** Where `vprog trace` reads by default (the runner's and telemetry's defaults, under the working directory). */
export const DEFAULT_TRACE_DB = '.vprog/traces/trace.db';

/** The flags of `vprog trace`. */
export interface TraceFlags {
  readonly spans?: string;
  readonly store?: string;
  readonly json?: boolean;
}

type Summary = TraceStep['args'][string] | TraceStep['value'];

/** A stored argument or value in a few characters: `'red star'`, `IMAGE[0,0,64,128)`, `3 boxes`. */
function brief(value: Summary): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${(value as readonly string[]).map((v) => JSON.stringify(v)).join(',')}]`;
  const v = value as { kind: string; root?: string; rect?: { x1: number; y1: number; x2: number; y2: number }; count?: number; boxes?: readonly unknown[]; tags?: readonly unknown[] };
  if (v.kind === 'image' && v.rect !== undefined) return `${v.root}[${v.rect.x1},${v.rect.y1},${v.rect.x2},${v.rect.y2})`;
  const count = v.count ?? v.boxes?.length ?? v.tags?.length ?? 0;
  return `${count} ${v.kind === 'tags' ? 'tag' : 'box'}${count === 1 ? '' : v.kind === 'tags' ? 's' : 'es'}`;
}

/** The run from the trace store as lines: header, one line per step with args, output, model, latency, error. */
export function formatStoredRun(run: TraceRunWithSteps): string[] {
  const lines = [`run ${run.runId} · ${run.status}${run.task === '' ? '' : ` · ${run.task}`} · ${run.stepCount} steps${run.latencyMs === undefined ? '' : ` · ${run.latencyMs.toFixed(1)} ms`}`];
  if (run.question !== undefined) lines.push(`question: ${run.question}`);
  for (const step of run.steps) {
    const args = Object.entries(step.args).map(([name, value]) => `${name}=${brief(value)}`).join(', ');
    const model = step.model === undefined ? '' : `  [${step.model.name}@${step.model.version}]`;
    const outcome = step.error === undefined ? brief(step.value) : `FAILED ${step.error.reason}: ${step.error.message}`;
    lines.push(`  #${step.index} ${step.output}=${step.op}(${args})  → ${outcome}${model}  ${step.latencyMs.toFixed(1)} ms`);
  }
  if (run.result !== undefined) lines.push(`answer: ${brief(run.result).replace(/^"(.*)"$/, '$1')}`);
  if (run.error !== undefined) lines.push(`error: ${run.error.reason} (${run.error.code}): ${run.error.message}`);
  return lines;
}

const SHOWN_ATTRIBUTES: ReadonlyArray<readonly [string, string]> = [
  ['vprog.op', 'op'],
  ['vprog.module', 'module'],
  ['vprog.model.name', 'model'],
  ['vprog.model.version', 'version'],
  ['vprog.route', 'route'],
  ['vprog.batch.size', 'batch'],
  ['vprog.error.reason', 'error'],
];

/** A span tree as indented lines: name, duration, kind for RPC spans, the vprog attributes that matter, status. */
export function formatSpanTree(roots: readonly SpanNode[]): string[] {
  const lines: string[] = [];
  const walk = (node: SpanNode, depth: number) => {
    const s = node.span;
    const attrs = SHOWN_ATTRIBUTES.flatMap(([key, label]) => (s.attributes[key] === undefined ? [] : [`${label}=${String(s.attributes[key])}`]));
    const kind = s.kind === 'INTERNAL' ? '' : ` (${s.kind.toLowerCase()}${s.service === undefined ? '' : ` ${s.service}`})`;
    const status = s.status.code === 'ERROR' ? ` ERROR${s.status.message === undefined ? '' : `: ${s.status.message}`}` : '';
    lines.push(`${'  '.repeat(depth)}${s.name}${kind}  ${s.durationMs.toFixed(1)} ms${attrs.length > 0 ? `  ${attrs.join(' ')}` : ''}${status}`);
    for (const child of node.children) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return lines;
}

/**
 * Prints the reasoning tree of a run: its steps from the trace store (arguments, outputs, models,
 * latencies, errors) and its spans from the JSONL span file (run → steps → RPCs, with durations).
 * Either source may be missing; the run must be in at least one.
 * @throws Error when neither source knows the run.
 */
export async function traceRun(runId: string, flags: TraceFlags, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<void> {
  const spanFile = resolve(flags.spans ?? process.env.VPROG_TRACE_FILE ?? DEFAULT_TRACE_FILE);
  const dbFile = resolve(flags.store ?? process.env.VPROG_RUNNER_TRACE_DB ?? DEFAULT_TRACE_DB);
  let run: TraceRunWithSteps | undefined;
  if (existsSync(dbFile)) {
    const store = openTraceStore({ path: dbFile, blobDir: resolve(dbFile, '..', 'blobs'), readonly: true });
    try {
      run = store.getRun(runId);
    } catch (error) {
      if ((error as { reason?: unknown }).reason !== 'RUN_NOT_FOUND') throw error;
    } finally {
      await store.close();
    }
  }
  const traces = existsSync(spanFile) ? await loadRunTraces(spanFile, runId) : [];
  if (run === undefined && traces.length === 0) throw new Error(`run ${runId} is neither in the trace store ${dbFile} nor in the span file ${spanFile}`);
  if (flags.json) {
    out(`${JSON.stringify({ runId, run: run ?? null, traces })}\n`);
    return;
  }
  const lines = run === undefined ? [`run ${runId} (not in the trace store ${dbFile})`] : formatStoredRun(run);
  for (const roots of traces) lines.push('', `spans (trace ${roots[0]?.span.traceId ?? '?'}):`, ...formatSpanTree(roots).map((l) => `  ${l}`));
  if (traces.length === 0) lines.push('', `no spans for this run in ${spanFile}`);
  out(`${lines.join('\n')}\n`);
}

/** Registers `vprog trace <run-id>`. */
export function registerTraceCommands(program: Command): void {
  program
    .command('trace')
    .description('Print the reasoning tree of a run: steps, arguments, outputs, models and durations')
    .argument('<run-id>', 'the run id (Execute streams it on every event)')
    .option('--spans <file>', `the JSONL span file (default: VPROG_TRACE_FILE or ${DEFAULT_TRACE_FILE})`)
    .option('--store <file>', `the trace store database (default: VPROG_RUNNER_TRACE_DB or ${DEFAULT_TRACE_DB})`)
    .option('--json', 'print the stored run and the span trees as JSON')
    .action((runId: string, flags: TraceFlags) => traceRun(runId, flags));
}
