import type { ModuleName } from '@vprog/benchmark';
import type { Logger } from '@vprog/grpc-kit';
import { failedPrecondition } from '@vprog/grpc-kit';
import { VPROG_ATTRIBUTES as A, withSpan } from '@vprog/telemetry';
import type { TraceStore } from '@vprog/trace-store';
import { activeVersion } from './candidates';
import { anchorStage, collectStage } from './collect-stage';
import type { CoordinatorConfig } from './config';
import { gateStage } from './gate-stage';
import { labelStage } from './label-stage';
import type { ClientPool } from './module-clients';
import type { ResolvedPlan } from './plan';
import { promoteStage } from './promote-stage';
import type { RunStore, StageName } from './run-store';
import { STAGES } from './run-store';
import type { StepContext } from './step-context';
import { trainStage } from './train-stage';

/** What a run needs from the coordinator around it. */
export interface RunDeps {
  readonly store: RunStore;
  readonly config: CoordinatorConfig;
  readonly clients: ClientPool;
  readonly traces: () => TraceStore;
  readonly logger: Logger;
}

const STAGE_FNS: Readonly<Record<Exclude<StageName, 'none'>, (ctx: StepContext) => Promise<void>>> = {
  collect: collectStage,
  label: labelStage,
  anchor: anchorStage,
  train: trainStage,
  gate: gateStage,
  promote: promoteStage,
};

/** One module step of a plan, keyed `<seed index>/<target index>/<module index>`. */
export interface PlannedStep {
  readonly key: string;
  readonly ord: number;
  readonly task: string;
  readonly module: ModuleName;
  readonly seed: number;
  readonly targetIndex: number;
}

/** The steps of a plan in execution order: per seed, per target task, per module. Throws nothing. */
export function planSteps(plan: ResolvedPlan): PlannedStep[] {
  const steps: PlannedStep[] = [];
  plan.seeds.forEach((seed, si) =>
    plan.targets.forEach((target, ti) => target.modules.forEach((module, mi) => steps.push({ key: `${si}/${ti}/${mi}`, ord: steps.length, task: target.task, module, seed, targetIndex: ti }))),
  );
  return steps;
}

/**
 * Runs (or resumes) one run's module steps from their last checkpoints: each step records the
 * active version first, then runs the stages it has not finished, each checkpointed once its side
 * effect is done. Returns when every step is promoted or rejected; the caller records the end state.
 * @throws whatever a stage throws; the signal's reason when aborted between stages.
 */
export async function executeRun(deps: RunDeps, runId: string, signal: AbortSignal): Promise<void> {
  const run = deps.store.getRun(runId);
  if (run === undefined) throw failedPrecondition(`run ${runId} is not stored`);
  const runnerAddress = deps.config.runnerAddress;
  if (runnerAddress === undefined) throw failedPrecondition('the program runner is not configured: set VPROG_COORDINATOR_RUNNER_ADDRESS', { reason: 'RUNNER_NOT_CONFIGURED' });
  for (const s of planSteps(run.plan)) {
    let step = deps.store.step(runId, s);
    if (step.stage === 'promote') continue;
    const clients = deps.clients.get(s.module);
    if (step.data.activeBefore === undefined) {
      signal.throwIfAborted();
      step = deps.store.checkpoint(runId, s.key, { stage: step.stage, data: { activeBefore: await activeVersion(clients.student, signal) } });
    }
    for (const stage of STAGES.slice(STAGES.indexOf(step.stage as (typeof STAGES)[number]) + 1)) {
      signal.throwIfAborted();
      const ctx: StepContext = { runId, plan: run.plan, store: deps.store, config: { ...deps.config, runnerAddress }, clients, traces: deps.traces, signal, logger: deps.logger, step, module: s.module, targetIndex: s.targetIndex, seed: s.seed };
      deps.logger.log('info', 'stage started', { runId, task: s.task, module: s.module, stage });
      // One span per distillation stage (`distill.<stage> <module>`), under which the stage's RPC
      // spans (program runs, teacher calls, Distill, Activate) nest.
      await withSpan(`distill.${stage} ${s.module}`, { [A.RUN_ID]: runId, [A.TASK]: s.task, [A.MODULE]: s.module, [A.DISTILL_STAGE]: stage }, () => STAGE_FNS[stage](ctx));
      step = deps.store.step(runId, s);
    }
  }
}
