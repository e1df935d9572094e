import { REGION_WORDS, type ImageValue, type StepRecord, type ValueSummary } from '@vprog/program';
import { invalidRequest } from './trace-error';
import type { ModuleOp, StepInputImage, StoredInput } from './trace-types';

/** The ops that call a module service, in the order distillation visits them. */
export const MODULE_OPS: readonly ModuleOp[] = ['LOC', 'FACEDET', 'CLASSIFY', 'VQA'];

/** Whether `op` is one of {@link MODULE_OPS}. Throws nothing. */
export function isModuleOp(op: unknown): op is ModuleOp {
  return typeof op === 'string' && (MODULE_OPS as readonly string[]).includes(op);
}

/** Whether an argument summary is an image view. Throws nothing. */
export function isImageSummary(value: ValueSummary | undefined): value is ImageValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { kind?: unknown }).kind === 'image';
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * Checks that a step record has the shape the executor produces, before anything is written.
 * @throws TraceStoreError INVALID_REQUEST naming the first bad field.
 */
export function checkStepRecord(step: StepRecord): void {
  const bad = (field: string) => invalidRequest(`step record has a bad '${field}'`, { field });
  if (typeof step !== 'object' || step === null) throw invalidRequest('step record must be an object');
  if (!Number.isInteger(step.index) || step.index < 0) throw bad('index');
  if (typeof step.output !== 'string' || step.output === '') throw bad('output');
  if (typeof step.op !== 'string' || step.op === '') throw bad('op');
  if (!Number.isInteger(step.line) || !Number.isInteger(step.column)) throw bad('line');
  if (typeof step.remote !== 'boolean') throw bad('remote');
  if (typeof step.args !== 'object' || step.args === null) throw bad('args');
  if (!isFiniteNumber(step.latencyMs) || step.latencyMs < 0) throw bad('latencyMs');
}

/**
 * The blob and region every image argument of `step` showed, resolved through the run's inputs.
 * @throws TraceStoreError INVALID_REQUEST when an argument views an image that is not an input of the run.
 */
export function stepInputImages(step: StepRecord, inputs: Readonly<Record<string, StoredInput>>): StepInputImage[] {
  const images: StepInputImage[] = [];
  for (const [arg, value] of Object.entries(step.args)) {
    if (!isImageSummary(value)) continue;
    const input = Object.prototype.hasOwnProperty.call(inputs, value.root) ? inputs[value.root] : undefined;
    if (input === undefined) {
      throw invalidRequest(`step ${step.index} (${step.op}) views image '${value.root}', which is not an input of the run`, { field: `args.${arg}` });
    }
    images.push({ arg, root: value.root, hash: input.hash, rect: { x1: value.rect.x1, y1: value.rect.y1, x2: value.rect.x2, y2: value.rect.y2 } });
  }
  return images;
}

/**
 * Whether the step actually called a module: a remote module op, except LOC of a region word
 * (answered locally) and CLASSIFY of no boxes (nothing to ask). Throws nothing.
 */
export function calledModule(step: StepRecord): boolean {
  if (!step.remote || !isModuleOp(step.op)) return false;
  const object = step.args.object;
  if (step.op === 'LOC' && typeof object === 'string') {
    return !(REGION_WORDS as readonly string[]).includes(object.trim().toUpperCase());
  }
  if (step.op === 'CLASSIFY' && typeof object === 'object' && object !== null && !Array.isArray(object)) {
    return !('count' in object && object.count === 0);
  }
  return true;
}
