import { classifyStep } from './classify';
import { countStep } from './count';
import { cropStep } from './crop';
import { cropRelativeStep } from './crop-relative';
import { evalStep } from './eval';
import { facedetStep } from './facedet';
import { locStep } from './loc';
import { resultStep } from './result';
import type { StepModule } from './step';
import { tagStep } from './tag';
import { vqaStep } from './vqa';

/** Every step module, remote ones first. */
export const STEP_MODULES: readonly StepModule[] = [
  locStep,
  facedetStep,
  classifyStep,
  vqaStep,
  cropStep,
  cropRelativeStep,
  countStep,
  evalStep,
  resultStep,
  tagStep,
];

const BY_OP: ReadonlyMap<string, StepModule> = new Map(STEP_MODULES.flatMap((m) => m.ops.map((op) => [op, m] as const)));

/** The module serving `op` (upper-case), or undefined for an unknown op. Throws nothing. */
export function findStep(op: string): StepModule | undefined {
  return BY_OP.get(op);
}

/** Every op the DSL knows, sorted. */
export function knownOps(): string[] {
  return [...BY_OP.keys()].sort();
}
