import { evaluateTask, taskModules } from '@vprog/benchmark';
import { model } from '@vprog/proto-ts';
import type { ModuleCall, ModuleOp } from '@vprog/trace-store';
import { createImageCache, moduleInput, type ModuleInput } from './call-inputs';
import { anchorTasksOf } from './plan';
import { progressEvent, progressReporter, type StepContext } from './step-context';

/**
 * Runs `count` training programs of a task through the runner (with the active versions) and reads
 * this module's calls of those runs back from the trace store, rebuilt as module requests, in the
 * programs' order and then the steps' order. The store returns calls in the order they were
 * recorded, which depends on which of the concurrent runs finished first; training on that order
 * would make two runs of the same study differ.
 * @throws the runner's UNAVAILABLE when it is unreachable; the signal's reason when aborted;
 *   TraceStoreError when the trace store cannot be read.
 */
export async function runAndRead(ctx: StepContext, task: string, count: number, onItem?: (done: number, total: number) => void): Promise<{ inputs: ModuleInput[]; programs: number; failed: number }> {
  const score = await evaluateTask({
    runnerAddress: ctx.config.runnerAddress,
    task,
    split: 'train',
    seed: ctx.seed,
    count,
    concurrency: ctx.config.evalConcurrency,
    deadlineMs: ctx.config.callDeadlineMs,
    signal: ctx.signal,
    ...(onItem === undefined ? {} : { onItem }),
  });
  const runIds = score.items.flatMap((item) => (item.runId === undefined ? [] : [item.runId]));
  const traces = ctx.traces();
  const image = createImageCache((hash) => traces.getBlob(hash));
  const calls = runIds.length === 0 ? [] : inProgramOrder(traces.moduleCalls({ op: ctx.module.toUpperCase() as ModuleOp, runIds }), runIds);
  const inputs: ModuleInput[] = [];
  for (const call of calls) inputs.push(moduleInput(call, await image(call.input.image.hash)));
  return { inputs, programs: score.items.length, failed: score.failed };
}

/**
 * Module calls sorted by the position of their run in `runIds` (the programs' order), then by step
 * index, then by the order they were recorded (several calls of one step). Calls of runs that are
 * not in `runIds` go last.
 */
export function inProgramOrder(calls: readonly ModuleCall[], runIds: readonly string[]): ModuleCall[] {
  const position = new Map(runIds.map((id, i) => [id, i]));
  const of = (call: ModuleCall): number => position.get(call.runId) ?? runIds.length;
  return [...calls].sort((a, b) => of(a) - of(b) || a.stepIndex - b.stepIndex || a.callId - b.callId);
}

/**
 * COLLECT: the target task's training programs with the current modules; every call of this
 * module becomes an unlabelled example, stored with the checkpoint so a resumed run does not
 * collect again.
 * @throws as {@link runAndRead}.
 */
export async function collectStage(ctx: StepContext): Promise<void> {
  const report = progressReporter(ctx, 'collect');
  const { inputs, programs, failed } = await runAndRead(ctx, ctx.step.task, ctx.plan.sizes.train, (done, total) => report({ done, total, kept: 0, dropped: 0 }));
  ctx.store.checkpoint(ctx.runId, ctx.step.key, {
    stage: 'collect',
    examples: { kinds: ['collected', 'target', 'dropped'], rows: inputs.map((input) => ({ kind: 'collected', example: { input, kind: model.ExampleKind.EXAMPLE_KIND_TARGET, weight: 0 } })) },
    events: [progressEvent(ctx, 'collect', { done: programs, total: programs, kept: inputs.length, dropped: failed })],
  });
}

/**
 * ANCHOR: inputs of this module from the guard tasks' and earlier targets' training programs (the
 * anchor budget split evenly across the tasks that call the module); they carry no target, so the
 * module service computes the parent version's outputs on them. Skipped (an empty checkpoint) when
 * the plan disables anchors.
 * @throws as {@link runAndRead}.
 */
export async function anchorStage(ctx: StepContext): Promise<void> {
  const tasks = ctx.plan.disableAnchors ? [] : anchorTasksOf(ctx.plan, ctx.targetIndex).filter((task) => taskModules(task).includes(ctx.module));
  const per = tasks.length === 0 ? 0 : Math.ceil(ctx.plan.sizes.anchors / tasks.length);
  const anchors: ModuleInput[] = [];
  let programs = 0;
  for (const [i, task] of tasks.entries()) {
    const left = ctx.plan.sizes.anchors - anchors.length;
    if (left <= 0) break;
    const { inputs } = await runAndRead(ctx, task, Math.min(per, left));
    anchors.push(...inputs.slice(0, Math.min(per, left)));
    programs += Math.min(per, left);
    if (i < tasks.length - 1) ctx.store.appendEvents(ctx.runId, [progressEvent(ctx, 'anchor', { done: i + 1, total: tasks.length, kept: anchors.length })]);
  }
  ctx.store.checkpoint(ctx.runId, ctx.step.key, {
    stage: 'anchor',
    examples: { kinds: ['anchor'], rows: anchors.map((input) => ({ kind: 'anchor', example: { input, kind: model.ExampleKind.EXAMPLE_KIND_ANCHOR, weight: 0 } })) },
    events: [progressEvent(ctx, 'anchor', { done: tasks.length, total: tasks.length, kept: anchors.length, dropped: 0 })],
  });
  ctx.logger.log('info', 'anchors collected', { runId: ctx.runId, task: ctx.step.task, module: ctx.module, tasks: tasks.join(','), programs, anchors: anchors.length });
}
