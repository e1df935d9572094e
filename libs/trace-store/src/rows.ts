import type { ModelRef, RunStatus, StepInputImage, StoredInput, TraceErrorData, TraceRun, TraceStep } from './trace-types';
import type { ProgramErrorData, Rationale, Value, ValueSummary } from '@vprog/program';
import { traceStoreError } from './trace-error';

/** A `runs` row as SQLite returns it (with the number of its steps). */
export interface RunRow {
  readonly seq: number;
  readonly run_id: string;
  readonly created_ms: number;
  readonly finished_ms: number | null;
  readonly task: string;
  readonly question: string | null;
  readonly program: string;
  readonly inputs_json: string;
  readonly status: RunStatus;
  readonly result_json: string | null;
  readonly error_json: string | null;
  readonly latency_ms: number | null;
  readonly models_json: string;
  readonly step_count: number;
}

/** A `steps` row as SQLite returns it. */
export interface StepRow {
  readonly id: number;
  readonly run_id: string;
  readonly step_index: number;
  readonly output_var: string;
  readonly op: string;
  readonly line: number;
  readonly col: number;
  readonly remote: number;
  readonly module_call: number;
  readonly args_json: string;
  readonly input_images_json: string;
  readonly output_json: string | null;
  readonly rationale_json: string | null;
  readonly model_name: string | null;
  readonly model_version: string | null;
  readonly latency_ms: number;
  readonly error_json: string | null;
  readonly created_ms: number;
}

/**
 * Parses a JSON column this library wrote.
 * @throws TraceStoreError DATABASE_CORRUPT when it is not JSON (the file was damaged or edited).
 */
export function parseColumn<T>(text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw traceStoreError('DATABASE_CORRUPT', `stored JSON of ${where} does not parse`, { where }, error);
  }
}

function optionalColumn<T>(text: string | null, where: string): T | undefined {
  return text === null ? undefined : parseColumn<T>(text, where);
}

/**
 * Serialises an error for a JSON column: its own plain fields plus `code`, `reason` and `message`
 * (which an `Error` does not enumerate). `undefined` → NULL. Throws nothing for plain data.
 */
export function errorColumn(error: TraceErrorData | undefined): string | null {
  if (error === undefined) return null;
  const fields = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
  return JSON.stringify({ ...fields, code: String(error.code), reason: String(error.reason), message: String(error.message) });
}

/** Serialises an optional value for a JSON column (`undefined` → NULL). Throws nothing for plain data. */
export function toColumn(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** Maps a `runs` row to a {@link TraceRun}. @throws TraceStoreError DATABASE_CORRUPT for damaged JSON. */
export function toTraceRun(row: RunRow): TraceRun {
  const where = `run ${row.run_id}`;
  const run: { -readonly [K in keyof TraceRun]: TraceRun[K] } = {
    runId: row.run_id,
    createdMs: row.created_ms,
    task: row.task,
    program: row.program,
    inputs: parseColumn<Record<string, StoredInput>>(row.inputs_json, where),
    status: row.status,
    models: parseColumn<Record<string, ModelRef>>(row.models_json, where),
    stepCount: row.step_count,
  };
  if (row.finished_ms !== null) run.finishedMs = row.finished_ms;
  if (row.question !== null) run.question = row.question;
  const result = optionalColumn<Value>(row.result_json, where);
  if (result !== undefined) run.result = result;
  const error = optionalColumn<TraceErrorData>(row.error_json, where);
  if (error !== undefined) run.error = error;
  if (row.latency_ms !== null) run.latencyMs = row.latency_ms;
  return run;
}

/** Maps a `steps` row to a {@link TraceStep}. @throws TraceStoreError DATABASE_CORRUPT for damaged JSON. */
export function toTraceStep(row: StepRow): TraceStep {
  const where = `step ${row.step_index} of run ${row.run_id}`;
  const step: { -readonly [K in keyof TraceStep]: TraceStep[K] } = {
    runId: row.run_id,
    index: row.step_index,
    output: row.output_var,
    op: row.op,
    line: row.line,
    column: row.col,
    remote: row.remote === 1,
    args: parseColumn<Record<string, ValueSummary>>(row.args_json, where),
    latencyMs: row.latency_ms,
    inputImages: parseColumn<StepInputImage[]>(row.input_images_json, where),
    moduleCall: row.module_call === 1,
    createdMs: row.created_ms,
  };
  const value = optionalColumn<Value>(row.output_json, where);
  if (value !== undefined) step.value = value;
  const rationale = optionalColumn<Rationale>(row.rationale_json, where);
  if (rationale !== undefined) step.rationale = rationale;
  const error = optionalColumn<ProgramErrorData>(row.error_json, where);
  if (error !== undefined) step.error = error;
  if (row.model_name !== null && row.model_version !== null) step.model = { name: row.model_name, version: row.model_version };
  return step;
}
