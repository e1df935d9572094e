import type { BoxesValue, Detection, Value } from '@vprog/program';
import { parseColumn, toTraceStep, type StepRow } from './rows';
import { traceStoreError } from './trace-error';
import type { ModuleCall, ModuleCallInput, ModuleCallOutput, ModuleOp, StoredInput } from './trace-types';

/** A `steps` row joined with its run's task and inputs. */
export interface ModuleCallRow extends StepRow {
  readonly task: string;
  readonly inputs_json: string;
}

function isBoxes(value: unknown): value is BoxesValue {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'boxes';
}

function withoutLabel(box: Detection): Detection {
  return { x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2, score: box.score };
}

function outputOf(op: ModuleOp, value: Value | undefined): ModuleCallOutput | undefined {
  if (op === 'VQA') return typeof value === 'string' ? { kind: 'answer', answer: value } : undefined;
  return isBoxes(value) ? { kind: 'boxes', boxes: value.boxes } : undefined;
}

/**
 * Maps a recorded module step to the call distillation reads: the region of the stored input
 * image the module saw, its text arguments, and its output. CLASSIFY's input boxes come from its
 * output (the same boxes, labelled), which the executor keeps whole, rather than from the argument
 * summary, which keeps only the first few.
 * @throws TraceStoreError DATABASE_CORRUPT when the row's JSON is damaged or it lacks its image.
 */
export function toModuleCall(row: ModuleCallRow): ModuleCall {
  const step = toTraceStep(row);
  const op = row.op as ModuleOp;
  const inputs = parseColumn<Record<string, StoredInput>>(row.inputs_json, `run ${row.run_id}`);
  const view = step.inputImages.find((image) => image.arg === 'image');
  const stored = view === undefined ? undefined : inputs[view.root];
  if (view === undefined || stored === undefined) {
    throw traceStoreError('DATABASE_CORRUPT', `step ${row.step_index} of run ${row.run_id} has no stored input image`, { runId: row.run_id });
  }
  const input: { -readonly [K in keyof ModuleCallInput]: ModuleCallInput[K] } = {
    image: { root: view.root, hash: stored.hash, width: stored.width, height: stored.height, rect: view.rect },
  };
  const args = step.args;
  if (op === 'LOC' && typeof args.object === 'string') input.object = args.object;
  if (op === 'VQA' && typeof args.question === 'string') input.question = args.question;
  if (op === 'CLASSIFY') {
    if (Array.isArray(args.categories)) input.categories = args.categories as readonly string[];
    const source = isBoxes(step.value) ? step.value.boxes : isBoxes(args.object) ? args.object.boxes : [];
    input.boxes = source.map(withoutLabel);
  }
  const call: { -readonly [K in keyof ModuleCall]: ModuleCall[K] } = {
    callId: row.id,
    runId: row.run_id,
    task: row.task,
    stepIndex: row.step_index,
    op,
    createdMs: row.created_ms,
    latencyMs: row.latency_ms,
    input,
  };
  if (step.model !== undefined) call.model = step.model;
  const output = outputOf(op, step.value);
  if (output !== undefined) call.output = output;
  if (step.error !== undefined) call.error = step.error;
  return call;
}
