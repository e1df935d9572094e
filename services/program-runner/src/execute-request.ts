import { invalidArgument, type FieldViolation } from '@vprog/grpc-kit';
import { common, type runner } from '@vprog/proto-ts';
import type { ModuleName } from './config';
import { decodeInputImages, type InputImage } from './input-images';
import type { RouteOverride } from './module-routes';

/** What to run: a program text, or a question for a generator. */
export type RunSource =
  | { readonly kind: 'program'; readonly text: string }
  | { readonly kind: 'question'; readonly question: string; readonly generator: string; readonly exampleId?: string };

/** An Execute request in domain terms, checked. */
export interface ExecutePlan {
  readonly images: ReadonlyMap<string, InputImage>;
  readonly source: RunSource;
  /** The task label; undefined when empty. */
  readonly task?: string;
  readonly overrides: readonly RouteOverride[];
  /** Undefined: the server default. */
  readonly maxParallelSteps?: number;
  readonly includeHtml: boolean;
  readonly skipTrace: boolean;
}

const MODULE_NAMES: Readonly<Partial<Record<common.Module, ModuleName>>> = {
  [common.Module.MODULE_LOC]: 'loc',
  [common.Module.MODULE_FACEDET]: 'facedet',
  [common.Module.MODULE_CLASSIFY]: 'classify',
  [common.Module.MODULE_VQA]: 'vqa',
};

function decodeSource(request: runner.ExecuteRequest, violations: FieldViolation[]): RunSource | undefined {
  const source = request.source;
  if (source === undefined) return void violations.push({ field: 'source', description: 'set program (a DSL program) or question' });
  if (source.$case === 'program') {
    if (source.value.trim() === '') return void violations.push({ field: 'program', description: 'the program is empty' });
    return { kind: 'program', text: source.value };
  }
  const { question, generator, exampleId } = source.value;
  if (question.trim() === '' && exampleId.trim() === '') return void violations.push({ field: 'question.question', description: 'the question is empty' });
  return { kind: 'question', question, generator, ...(exampleId.trim() === '' ? {} : { exampleId: exampleId.trim() }) };
}

function decodeOverrides(overrides: readonly runner.ModuleOverride[], violations: FieldViolation[]): RouteOverride[] {
  const decoded: RouteOverride[] = [];
  overrides.forEach((o, i) => {
    const module = MODULE_NAMES[o.module];
    if (module === undefined) return void violations.push({ field: `options.module_overrides[${i}].module`, description: 'name a module: MODULE_LOC, MODULE_FACEDET, MODULE_CLASSIFY or MODULE_VQA' });
    decoded.push({ module, useTeacher: o.useTeacher, ...(o.modelVersion.trim() === '' ? {} : { version: o.modelVersion.trim() }) });
  });
  return decoded;
}

/**
 * Checks and decodes an Execute request: its images (see `decodeInputImages`), its source
 * (program text, or a question with a generator name and an optional example id), the task label
 * and the options.
 * @throws VprogError INVALID_ARGUMENT with one field violation per problem, all at once.
 */
export function decodeExecuteRequest(request: runner.ExecuteRequest, maxImagePixels: number): ExecutePlan {
  const violations: FieldViolation[] = [];
  const images = decodeInputImages(request.images, maxImagePixels, violations);
  const source = decodeSource(request, violations);
  const options = request.options;
  const overrides = decodeOverrides(options?.moduleOverrides ?? [], violations);
  if (violations.length > 0 || source === undefined) {
    throw invalidArgument(`invalid Execute request: ${violations.map((v) => `${v.field}: ${v.description}`).join('; ')}`, violations);
  }
  const task = request.task.trim();
  return {
    images,
    source,
    ...(task === '' ? {} : { task }),
    overrides,
    ...(options === undefined || options.maxParallelSteps === 0 ? {} : { maxParallelSteps: options.maxParallelSteps }),
    includeHtml: options?.includeRationaleHtml ?? false,
    skipTrace: options?.skipTrace ?? false,
  };
}
