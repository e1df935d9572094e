import { isModuleName, moduleToProto } from '@vprog/benchmark';
import type { distill } from '@vprog/proto-ts';
import { encodePlan } from './plan';
import { distillStatus, runStateToProto } from './run-manager';
import type { RunRecord, StepRecord } from './run-store';

/**
 * A stored run as the `Run` message: the plan with its defaults, the state, the times, the
 * decisions recorded so far (in plan order) and the error of a failed run.
 * Throws nothing for records this service wrote.
 */
export function encodeRun(run: RunRecord, steps: readonly StepRecord[]): distill.Run {
  const outcomes = steps.flatMap((s): distill.ModuleOutcome[] =>
    s.decision === undefined || !isModuleName(s.module) ? [] : [{ task: s.task, module: moduleToProto(s.module), seed: s.seed, decision: s.decision }],
  );
  return {
    runId: run.runId,
    plan: encodePlan(run.plan),
    state: runStateToProto(run.state),
    createTime: new Date(run.createdMs),
    updateTime: new Date(run.updatedMs),
    outcomes,
    ...(run.error === undefined ? {} : { error: distillStatus(run.error) }),
  };
}
