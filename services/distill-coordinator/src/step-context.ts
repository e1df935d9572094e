import { moduleToProto, type ModuleName } from '@vprog/benchmark';
import type { Logger } from '@vprog/grpc-kit';
import { distill } from '@vprog/proto-ts';
import type { TraceStore } from '@vprog/trace-store';
import type { CoordinatorConfig } from './config';
import type { ModuleClients } from './module-clients';
import type { ResolvedPlan } from './plan';
import type { EventInput, RunStore, StageName, StepRecord } from './run-store';

/** Everything one module step of a run works with. */
export interface StepContext {
  readonly runId: string;
  readonly plan: ResolvedPlan;
  readonly store: RunStore;
  readonly config: CoordinatorConfig & { readonly runnerAddress: string };
  readonly clients: ModuleClients;
  /** The runner's trace store, opened read-only on first use. */
  readonly traces: () => TraceStore;
  /** Aborts when the run is cancelled or the coordinator stops. */
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly step: StepRecord;
  readonly module: ModuleName;
  /** The target task's position in the plan (its guards include the targets before it). */
  readonly targetIndex: number;
  /**
   * The seed of this repetition (a pass): the data seed of the training programs it collects, the
   * anchors it samples and the dev questions it gates on, and the trainer's seed.
   */
  readonly seed: number;
}

const STAGE_ENUM: Readonly<Record<Exclude<StageName, 'none'>, distill.Stage>> = {
  collect: distill.Stage.STAGE_COLLECT,
  label: distill.Stage.STAGE_LABEL,
  anchor: distill.Stage.STAGE_ANCHOR,
  train: distill.Stage.STAGE_TRAIN,
  gate: distill.Stage.STAGE_GATE,
  promote: distill.Stage.STAGE_PROMOTE,
};

/** An event of a step's stage, ready for the store (which adds the run, sequence and time). Throws nothing. */
export function stageEvent(ctx: Pick<StepContext, 'step' | 'module'>, stage: Exclude<StageName, 'none'>, event: NonNullable<distill.WatchRunResponse['event']>): EventInput {
  return { task: ctx.step.task, module: moduleToProto(ctx.module), stage: STAGE_ENUM[stage], event };
}

/** A progress event. Throws nothing. */
export function progressEvent(ctx: Pick<StepContext, 'step' | 'module'>, stage: Exclude<StageName, 'none'>, p: Partial<distill.StageProgress>): EventInput {
  return stageEvent(ctx, stage, { $case: 'progress', value: { done: p.done ?? 0, total: p.total ?? 0, kept: p.kept ?? 0, dropped: p.dropped ?? 0 } });
}

/**
 * A throttled progress reporter: appends a progress event about every tenth of the total (and at
 * the end), so a long stage is visible without one event per item. Throws nothing.
 */
export function progressReporter(ctx: StepContext, stage: Exclude<StageName, 'none'>): (p: distill.StageProgress) => void {
  let last = -1;
  return (p) => {
    const every = Math.max(1, Math.ceil(p.total / 10));
    if (p.done !== p.total && p.done - last < every) return;
    last = p.done;
    ctx.store.appendEvents(ctx.runId, [progressEvent(ctx, stage, p)]);
  };
}
