import { forEachConcurrently } from '@vprog/benchmark';
import type { model } from '@vprog/proto-ts';
import { progressEvent, progressReporter, type StepContext } from './step-context';
import { teacherLabel } from './teacher-label';

/** VQA answers asked when the teacher does not publish its label space. */
const FALLBACK_TOP_K = 100;

/**
 * LABEL: sends every collected input to the module's teacher sidecar and keeps its soft output as
 * the example's target; low-confidence outputs and inputs the teacher refuses are kept aside as
 * `dropped`. At most `labelConcurrency` calls are in flight (1 by default, so that every label is
 * computed in a batch of one and a rerun gets the same bytes). Reports done/total/kept/dropped as
 * it goes.
 * @throws VprogError when the teacher fails other than by refusing (UNAVAILABLE, DEADLINE_EXCEEDED,
 *   CANCELLED on abort).
 */
export async function labelStage(ctx: StepContext): Promise<void> {
  const collected = ctx.store.examples(ctx.runId, ctx.step.key, ['collected']);
  const info = await ctx.clients.teacherModel.getModelInfo({ version: '' }, { signal: ctx.signal });
  const topK = info.modelInfo?.labelSpace.length || FALLBACK_TOP_K;
  const teacher = info.modelInfo?.model;
  const results: Array<{ kind: 'target' | 'dropped'; example: model.DistillExample }> = new Array(collected.length);
  const report = progressReporter(ctx, 'label');
  let done = 0;
  let kept = 0;
  await forEachConcurrently(collected, ctx.config.labelConcurrency, async (example, i) => {
    if (example.input === undefined) return;
    const label = await teacherLabel(ctx.clients.teacher, example.input, { topK, minConfidence: ctx.plan.minTeacherConfidence, deadlineMs: ctx.config.callDeadlineMs, signal: ctx.signal });
    results[i] = label.kept ? { kind: 'target', example: { ...example, target: label.target, weight: 1 } } : { kind: 'dropped', example };
    if (label.kept) kept++;
    done++;
    report({ done, total: collected.length, kept, dropped: done - kept });
  });
  const rows = results.filter((r) => r !== undefined);
  ctx.store.checkpoint(ctx.runId, ctx.step.key, {
    stage: 'label',
    data: teacher === undefined ? {} : { teacher: { name: teacher.name, version: teacher.version } },
    examples: { kinds: ['collected', 'target', 'dropped'], rows },
    events: [progressEvent(ctx, 'label', { done, total: collected.length, kept, dropped: done - kept })],
  });
}
