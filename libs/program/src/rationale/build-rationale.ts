import { parseProgram } from '../dsl/parser';
import type { StepRecord } from '../executor/execution-types';
import { summariseValue, type ValueSummary } from '../executor/summarise';
import type { Detection, ImageValue, Value } from '../values';
import type { RationaleDocument, RationaleError, RationaleInput, RationaleStep } from './rationale-types';

type Region = Exclude<Value | ValueSummary, string | number | boolean | readonly string[]>;

/** The detections of a boxes or tags value (whole or summarised) and how many there are. Throws nothing. */
export function detectionsOf(value: Region): { count: number; items: readonly Detection[] } | undefined {
  if (value.kind === 'image') return undefined;
  if ('count' in value) return { count: value.count, items: value.boxes };
  return value.kind === 'boxes' ? { count: value.boxes.length, items: value.boxes } : { count: value.tags.length, items: value.tags };
}

/** A value as one line of text: the answer itself for primitives, a short description otherwise. Throws nothing. */
export function valueText(value: Value | ValueSummary): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return (value as readonly string[]).join(', ');
  const region = value as Region;
  const found = detectionsOf(region);
  if (found === undefined) {
    const { root, rect } = region as ImageValue;
    return `a region of ${root} [${rect.x1}, ${rect.y1}, ${rect.x2}, ${rect.y2})`;
  }
  const noun = region.kind === 'tags' ? (found.count === 1 ? 'tag' : 'tags') : found.count === 1 ? 'box' : 'boxes';
  const labels = found.items.flatMap((item) => (item.label === undefined ? [] : [item.label]));
  return labels.length > 0 ? `${found.count} ${noun}: ${labels.join(', ')}` : `${found.count} ${noun}`;
}

/** The program text of every step, by index: from its first line up to the next step's. Throws nothing. */
function stepSources(program: string, steps: readonly StepRecord[]): Map<number, string> {
  const lines = program.replace(/^\uFEFF/, '').split(/\r?\n/);
  const starts = new Map<number, number>();
  try {
    for (const step of parseProgram(program).steps) starts.set(step.index, step.line);
  } catch {
    // The program does not parse (it was edited after the run): fall back to each record's own line.
  }
  const known = [...starts.entries()].sort((a, b) => a[0] - b[0]);
  const sources = new Map<number, string>();
  for (const step of steps) {
    const first = starts.get(step.index) ?? step.line;
    const next = known.find(([index]) => index > step.index)?.[1] ?? (starts.size > 0 ? lines.length + 1 : first + 1);
    sources.set(step.index, lines.slice(first - 1, Math.max(first, next - 1)).join('\n').trim());
  }
  return sources;
}

function errorOf(error: { code: string; reason: string; message: string } | undefined): RationaleError | undefined {
  return error === undefined ? undefined : { code: String(error.code), reason: String(error.reason), message: String(error.message) };
}

function toStep(record: StepRecord, source: string): RationaleStep {
  const step: { -readonly [K in keyof RationaleStep]: RationaleStep[K] } = {
    index: record.index,
    output: record.output,
    op: record.op,
    line: record.line,
    column: record.column,
    source,
    remote: record.remote,
    latencyMs: record.latencyMs,
    inputs: Object.entries(record.args).map(([name, value]) => ({ name, value })),
  };
  if (record.rationale !== undefined) {
    step.text = record.rationale.text;
    if (record.rationale.image !== undefined) step.image = record.rationale.image;
    if (record.rationale.boxes !== undefined) step.boxes = record.rationale.boxes;
    if (record.rationale.crop !== undefined) step.crop = record.rationale.crop;
  }
  if (record.value !== undefined) {
    step.value = summariseValue(record.value);
    step.outputText = valueText(record.value);
  }
  const error = errorOf(record.error);
  if (error !== undefined) step.error = error;
  return step;
}

/**
 * The visual rationale of a run as plain JSON: the question, program and answer, then every step
 * in order with its program text, inputs, output, the boxes and crops to draw, and its error. It
 * is what the HTML page shows, without the pixels; `JSON.stringify` it for the wire.
 * Throws nothing for records the executor produced.
 */
export function rationaleJson(input: RationaleInput): RationaleDocument {
  const steps = [...input.steps].sort((a, b) => a.index - b.index);
  const sources = stepSources(input.program, steps);
  const doc: { -readonly [K in keyof RationaleDocument]: RationaleDocument[K] } = {
    version: 1,
    runId: input.runId,
    title: input.title ?? `Run ${input.runId}`,
    program: input.program,
    images: Object.entries(input.images).map(([name, image]) => ({ name, width: image.width, height: image.height })),
    steps: steps.map((record) => toStep(record, sources.get(record.index) ?? '')),
  };
  if (input.question !== undefined) doc.question = input.question;
  if (input.answer !== undefined) {
    doc.answer = summariseValue(input.answer);
    doc.answerText = valueText(input.answer);
  }
  const error = errorOf(input.error);
  if (error !== undefined) doc.error = error;
  return doc;
}
