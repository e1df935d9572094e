import { encodeStatus, type VprogError } from '@vprog/grpc-kit';
import type { ImageValue, StepEvent, StepRecord, Value } from '@vprog/program';
import { rpc, type runner } from '@vprog/proto-ts';

/** How long an output summary may be. */
const SUMMARY_CHARS = 200;

const clip = (text: string): string => (text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}…` : text);

/** A one-line summary of a step output for `StepFinished.output_summary`, e.g. `2 boxes`, `blue`. Throws nothing. */
export function outputSummary(value: Value | undefined): string {
  if (value === undefined) return '';
  if (typeof value !== 'object') return clip(String(value));
  if (value.kind === 'image') return viewText(value);
  const items = value.kind === 'boxes' ? value.boxes : value.tags;
  const noun = value.kind === 'boxes' ? (items.length === 1 ? 'box' : 'boxes') : items.length === 1 ? 'tag' : 'tags';
  const labels = items.flatMap((b) => (b.label === undefined ? [] : [b.label]));
  return clip(labels.length > 0 ? `${items.length} ${noun}: ${labels.join(', ')}` : `${items.length} ${noun}`);
}

function viewText(view: ImageValue): string {
  const { x1, y1, x2, y2 } = view.rect;
  return `a region of ${view.root} [${x1}, ${y1}, ${x2}, ${y2})`;
}

/**
 * The RESULT as `ExecuteResult.answer`: strings, numbers and booleans as their text; boxes, tags
 * and image views as compact JSON of the whole value (every box), so clients can score tagging
 * and referring tasks from the answer alone. Throws nothing.
 */
export function answerText(value: Value): string {
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A typed error as the `google.rpc.Status` message a `StepFinished` carries. Throws nothing. */
export function statusMessage(error: VprogError): rpc.Status {
  return rpc.Status.decode(encodeStatus(error));
}

/** A `step_started` event. Throws nothing. */
export function stepStartedResponse(runId: string, event: Extract<StepEvent, { type: 'started' }>): runner.ExecuteResponse {
  return { runId, event: { $case: 'stepStarted', value: { stepIndex: event.index, op: event.op, outputVar: event.output } } };
}

/** A `step_finished` event; `error` is the step's failure as a typed error. Throws nothing. */
export function stepFinishedResponse(runId: string, record: StepRecord, error?: VprogError): runner.ExecuteResponse {
  const model = record.module?.model;
  return {
    runId,
    event: {
      $case: 'stepFinished',
      value: {
        stepIndex: record.index,
        op: record.op,
        outputVar: record.output,
        outputSummary: outputSummary(record.value),
        ...(model === undefined ? {} : { model: { name: model.name, version: model.version } }),
        latencyMs: record.latencyMs,
        ...(error === undefined ? {} : { error: statusMessage(error) }),
      },
    },
  };
}

/** The final `result` event. Throws nothing. */
export function resultResponse(runId: string, result: runner.ExecuteResult): runner.ExecuteResponse {
  return { runId, event: { $case: 'result', value: result } };
}
