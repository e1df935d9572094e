import { toModuleCall, type ModuleCallRow } from './module-calls';
import { toTraceRun, toTraceStep, type RunRow, type StepRow } from './rows';
import type { Statements } from './statements';
import { isModuleOp } from './step-inputs';
import { invalidRequest, traceStoreError } from './trace-error';
import type { ListRunsQuery, ModuleCall, ModuleCallsQuery, RunStatus, TraceRun, TraceRunWithSteps } from './trace-types';

/** The most rows one `listRuns` or `moduleCalls` call returns. */
export const MAX_PAGE = 10_000;
const DEFAULT_RUNS_PAGE = 100;
const STATUSES: readonly RunStatus[] = ['running', 'succeeded', 'failed', 'cancelled'];

function pageSize(limit: number | undefined, fallback: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw invalidRequest(`limit must be an integer in 1..${MAX_PAGE}, got ${String(limit)}`, { field: 'limit' });
  return limit;
}

function optionalTime(name: string, value: number | undefined): number | null {
  if (value === undefined) return null;
  if (!Number.isFinite(value)) throw invalidRequest(`${name} must be a finite number`, { field: name });
  return value;
}

function optionalText(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string') throw invalidRequest(`${name} must be a string`, { field: name });
  return value;
}

/**
 * A run and its steps, read from one snapshot.
 * @throws TraceStoreError RUN_NOT_FOUND; DATABASE_CORRUPT for damaged rows.
 */
export function readRun(sql: Statements, runId: string): TraceRunWithSteps {
  const row = sql.getRun.get(runId) as RunRow | undefined;
  if (row === undefined) throw traceStoreError('RUN_NOT_FOUND', `run ${runId} is not in the trace store`, { runId: String(runId) });
  const steps = (sql.stepsOfRun.all(runId) as StepRow[]).map(toTraceStep);
  return { ...toTraceRun(row), steps };
}

/**
 * Runs, newest first, filtered by task and status, one page at a time.
 * @throws TraceStoreError INVALID_REQUEST for a bad filter; RUN_NOT_FOUND when `before` names an unknown run.
 */
export function readRuns(sql: Statements, query: ListRunsQuery = {}): TraceRun[] {
  if (query.status !== undefined && !STATUSES.includes(query.status)) throw invalidRequest(`unknown run status ${String(query.status)}`, { field: 'status' });
  let beforeSeq: number | null = null;
  let beforeMs: number | null = null;
  if (typeof query.before === 'string') {
    const row = sql.runSeq.get(query.before) as { seq: number } | undefined;
    if (row === undefined) throw traceStoreError('RUN_NOT_FOUND', `run ${query.before} is not in the trace store`, { runId: query.before });
    beforeSeq = row.seq;
  } else {
    beforeMs = optionalTime('before', query.before);
  }
  const rows = sql.listRuns.all({
    task: optionalText('task', query.task),
    status: query.status ?? null,
    beforeSeq,
    beforeMs,
    limit: pageSize(query.limit, DEFAULT_RUNS_PAGE),
  }) as RunRow[];
  return rows.map(toTraceRun);
}

/**
 * The recorded calls of one module, oldest first: what distillation collects and labels.
 * Steps that made no call (LOC of a region word, CLASSIFY of no boxes) are never returned;
 * failed calls only with `includeFailed`.
 * @throws TraceStoreError INVALID_REQUEST for an unknown op or a bad filter; DATABASE_CORRUPT for damaged rows.
 */
export function readModuleCalls(sql: Statements, query: ModuleCallsQuery): ModuleCall[] {
  if (!isModuleOp(query?.op)) throw invalidRequest(`op must be one of LOC, FACEDET, CLASSIFY, VQA, got ${String(query?.op)}`, { field: 'op' });
  let runIds: string | null = null;
  if (query.runIds !== undefined) {
    if (!Array.isArray(query.runIds) || !query.runIds.every((id) => typeof id === 'string')) throw invalidRequest('runIds must be a list of strings', { field: 'runIds' });
    runIds = JSON.stringify(query.runIds);
  }
  const rows = sql.moduleCalls.all({
    op: query.op,
    includeFailed: query.includeFailed === true ? 1 : 0,
    task: optionalText('task', query.task),
    runIds,
    since: optionalTime('since', query.since),
    after: optionalTime('after', query.after),
    limit: pageSize(query.limit, -1),
  }) as ModuleCallRow[];
  return rows.map(toModuleCall);
}
