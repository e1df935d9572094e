import type { Logger } from '@vprog/grpc-kit';
import type { Rationale, StepRecord, Value } from '@vprog/program';
import type { RunStatus, TraceErrorData, TraceStore } from '@vprog/trace-store';
import type { InputImage } from './input-images';

/** What the trace keeps of a run while it executes. */
export interface RunTrace {
  /** Records one finished step (synchronous: called from the executor's `onStep`). */
  step(record: StepRecord): void;
  finish(status: Exclude<RunStatus, 'running'>, outcome: { result?: Value; error?: TraceErrorData; latencyMs: number }): Promise<void>;
}

/** The rationale stored for a step: the step's own, plus what its module reported (`module`: model, route, soft output). */
export type StoredRationale = Rationale & { readonly module?: StepRecord['module'] };

/**
 * The record the trace store gets for a step: the executor's record (whose arguments are never
 * clipped) with the module's report (model, route, soft output) kept inside the rationale column,
 * the one JSON column of a step that takes it as it is. Throws nothing.
 */
export function traceRecord(record: StepRecord): StepRecord {
  const rationale: StoredRationale | undefined =
    record.rationale === undefined ? undefined : record.module === undefined ? record.rationale : { ...record.rationale, module: record.module };
  return { ...record, ...(rationale === undefined ? {} : { rationale }) };
}

/**
 * Opens a run in the trace store (input images go to the blob folder) and returns the recorder of
 * its steps and its end.
 * @throws TraceStoreError from `recordRun` (the run then does not start).
 */
export async function startRunTrace(
  store: TraceStore,
  run: { runId: string; task?: string; question?: string; program: string; images: ReadonlyMap<string, InputImage> },
  logger: Logger,
): Promise<RunTrace> {
  const inputs = Object.fromEntries([...run.images].map(([name, image]) => [name, { png: image.png(), width: image.pixels.width, height: image.pixels.height }]));
  await store.recordRun({ runId: run.runId, ...(run.task === undefined ? {} : { task: run.task }), ...(run.question === undefined ? {} : { question: run.question }), program: run.program, inputs });
  const models: Record<string, { name: string; version: string }> = {};
  return {
    step(record) {
      if (record.module?.model !== undefined) models[record.module.module] = record.module.model;
      store.recordStep(run.runId, traceRecord(record), record.module?.model);
    },
    async finish(status, outcome) {
      try {
        await store.finishRun(run.runId, { status, ...outcome, models });
      } catch (error) {
        // The answer stands; a trace that cannot be closed is an operator's problem, not the caller's.
        logger.log('error', 'cannot finish the run in the trace store', { runId: run.runId, error: error instanceof Error ? error.message : String(error) });
      }
    },
  };
}
