import { activeVersion, discardVersion } from './candidates';
import { progressEvent, type StepContext } from './step-context';

/**
 * PROMOTE: activates the candidate the gate chose, with `expected_active_version` = the version
 * active when the step began (so a concurrent change fails with ABORTED instead of being
 * overwritten), and discards every other candidate with the gate's reason. Safe to repeat after a
 * crash: an already active choice is not activated again and a candidate already gone counts as
 * discarded. Deliberately not cancellable half way: a cancel waits for it.
 * @throws VprogError of GetModelInfo, Activate (ABORTED / ACTIVE_VERSION_MISMATCH when another
 *   writer changed the active version) or Discard.
 */
export async function promoteStage(ctx: StepContext): Promise<void> {
  const student = ctx.clients.student;
  const chosen = ctx.step.data.chosen ?? null;
  const reason = ctx.step.decision?.reason ?? 'not chosen by the gate';
  if (chosen !== null) {
    const active = await activeVersion(student);
    if (active !== chosen.version) await student.activate({ version: chosen.version, expectedActiveVersion: ctx.step.data.activeBefore ?? '' });
  }
  const others = (ctx.step.data.candidates ?? []).filter((c) => c.version !== chosen?.version);
  for (const c of others) await discardVersion(student, c.version, `run ${ctx.runId}: ${chosen === null ? 'rejected by the gate' : `α = ${chosen.alpha} was promoted instead`}: ${reason}`);
  ctx.store.checkpoint(ctx.runId, ctx.step.key, {
    stage: 'promote',
    events: [progressEvent(ctx, 'promote', { done: 1, total: 1, kept: chosen === null ? 0 : 1, dropped: others.length })],
  });
  ctx.logger.log('info', chosen === null ? 'candidate rejected' : 'candidate promoted', { runId: ctx.runId, task: ctx.step.task, module: ctx.module, version: chosen?.version ?? '', discarded: others.map((c) => c.version).join(',') });
}
