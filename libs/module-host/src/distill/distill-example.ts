import { isVprogError } from '@vprog/grpc-kit';
import type { ModuleName, ModuleRequest, ModuleTarget } from '@vprog/models';
import { model } from '@vprog/proto-ts';
import type { ImageLimits } from '../edge/image-codec';
import type { Violations } from '../edge/violations';
import { decodeClassifyRequest } from '../modules/classify-codec';
import { decodeDetectFacesRequest } from '../modules/facedet-codec';
import { decodeLocateRequest } from '../modules/loc-codec';
import { decodeAnswerRequest } from '../modules/vqa-codec';

/** One distillation example in domain terms: the module request, its target, weight and role. */
export interface DecodedExample {
  readonly request: ModuleRequest;
  /** Set for TARGET examples; ANCHOR examples learn the parent's own output. */
  readonly target?: ModuleTarget;
  readonly weight: number;
  readonly kind: 'target' | 'anchor';
}

/** Per module: the input oneof case it distills, its proto field name, and the target case. */
const MODULE_CASES = {
  loc: { input: 'locate', field: 'locate', target: 'boxes' },
  facedet: { input: 'detectFaces', field: 'detect_faces', target: 'boxes' },
  classify: { input: 'classify', field: 'classify', target: 'categories' },
  vqa: { input: 'answer', field: 'answer', target: 'answers' },
} as const;

/** What decoding needs to know about the service. */
export interface ExampleContext {
  readonly module: ModuleName;
  readonly limits: ImageLimits;
  /** The model's own labels (classify requests without categories fall back to them). */
  readonly labels: readonly string[];
}

/**
 * Decodes `examples[index]` of a Distill stream with the module's own edge codec, recording a
 * violation named `examples[i].…` for everything wrong: an input of another module, a bad input
 * (the codec's own field violations, prefixed), an unset kind, a negative or non-finite weight,
 * and a TARGET example without a target of the module's kind. An ANCHOR example's target, if
 * any, is ignored: its target is the parent's own output.
 * @returns the example, or undefined when a violation was added.
 */
export function decodeDistillExample(example: model.DistillExample, index: number, context: ExampleContext, violations: Violations): DecodedExample | undefined {
  const at = `examples[${index}]`;
  const cases = MODULE_CASES[context.module];
  const before = violations.list.length;
  const input = example.input;
  let request: ModuleRequest | undefined;
  if (input === undefined) violations.add(`${at}.input`, `a ${context.module} example needs a ${cases.field} input`);
  else if (input.$case !== cases.input) violations.add(`${at}.input`, `the ${context.module} service distills ${cases.field} inputs, not ${input.$case}`);
  else request = decodeInput(input, context, violations, `${at}.${cases.field}`);

  let kind: DecodedExample['kind'] | undefined;
  if (example.kind === model.ExampleKind.EXAMPLE_KIND_TARGET) kind = 'target';
  else if (example.kind === model.ExampleKind.EXAMPLE_KIND_ANCHOR) kind = 'anchor';
  else violations.add(`${at}.kind`, 'must be EXAMPLE_KIND_TARGET or EXAMPLE_KIND_ANCHOR');

  if (!Number.isFinite(example.weight) || example.weight < 0) violations.add(`${at}.weight`, 'must be a finite number ≥ 0 (0: 1)');
  let target: ModuleTarget | undefined;
  if (kind === 'target') {
    if (example.target === undefined) violations.add(`${at}.target`, `a TARGET example needs a ${cases.target} target`);
    else if (example.target.$case !== cases.target) violations.add(`${at}.target`, `a ${context.module} example needs a ${cases.target} target, not ${example.target.$case}`);
    else target = decodeTarget(example.target);
  }
  if (violations.list.length > before || request === undefined || kind === undefined) return undefined;
  return { request, ...(target !== undefined ? { target } : {}), weight: example.weight > 0 ? example.weight : 1, kind };
}

function decodeInput(input: NonNullable<model.DistillExample['input']>, context: ExampleContext, violations: Violations, field: string): ModuleRequest | undefined {
  try {
    switch (input.$case) {
      case 'locate':
        return decodeLocateRequest(input.value, context.limits);
      case 'detectFaces':
        return decodeDetectFacesRequest(input.value, context.limits);
      case 'classify':
        return decodeClassifyRequest(input.value, context.limits, context.labels);
      case 'answer':
        return decodeAnswerRequest(input.value, context.limits);
    }
  } catch (error) {
    if (!isVprogError(error) || error.code !== 'INVALID_ARGUMENT') throw error;
    for (const v of error.fieldViolations) violations.add(`${field}.${v.field}`, v.description);
    return undefined;
  }
}

function decodeTarget(target: NonNullable<model.DistillExample['target']>): ModuleTarget {
  switch (target.$case) {
    case 'boxes':
      return { kind: 'boxes', boxes: target.value.boxes.map((b) => ({ x1: b.xMin, y1: b.yMin, x2: b.xMax, y2: b.yMax, score: b.score })) };
    case 'categories':
      return { kind: 'categories', distributions: target.value.distributions.map((d) => d.scores.map((s) => ({ label: s.label, score: s.score }))) };
    case 'answers':
      return { kind: 'answers', answers: target.value.answers.map((s) => ({ label: s.label, score: s.score })) };
  }
}
