import { evaluateTask, taskModules, type ModuleRoute } from '@vprog/benchmark';
import { decideGate, pairedStandardErrorIfPaired, type GateComparison, type GateVerdict, type TaskMeasurement } from '@vprog/distill';
import type { distill } from '@vprog/proto-ts';
import { guardsOf } from './plan';
import type { CandidateRef, Measure } from './run-store';
import { progressEvent, stageEvent, type StepContext } from './step-context';

/** Scores every task on its dev split under one routing; each task's number is checkpointed by the caller. */
async function measure(ctx: StepContext, task: string, routes: readonly ModuleRoute[]): Promise<Measure> {
  const score = await evaluateTask({
    runnerAddress: ctx.config.runnerAddress,
    task,
    split: 'dev',
    seed: ctx.seed,
    count: ctx.plan.sizes.dev,
    concurrency: ctx.config.evalConcurrency,
    deadlineMs: ctx.config.callDeadlineMs,
    signal: ctx.signal,
    routes,
    skipTrace: true,
  });
  const scores = score.items.map((item) => item.score);
  return { metric: score.metric, value: Number.isFinite(score.value) ? score.value : null, n: score.n, scores };
}

/**
 * One task's before/after comparison for the gate. When both measurements hold every item's
 * score, it carries the paired standard error of the gain; runs stored before scores were
 * recorded fall back to the gate's unpaired formula. Throws nothing.
 */
export function measurementOf(task: string, before: Measure, after: Measure): TaskMeasurement {
  const measured: TaskMeasurement = { task, metric: before.metric, before: before.value ?? Number.NaN, after: after.value ?? Number.NaN, n: Math.min(after.n, before.n) };
  const standardError = before.scores?.length === before.n ? pairedStandardErrorIfPaired(before.scores, after.scores) : undefined;
  return standardError === undefined ? measured : { ...measured, pairedStandardError: standardError };
}

const comparison = (c: GateComparison): distill.MetricComparison => ({
  task: c.task,
  metric: c.metric,
  before: c.before,
  after: c.after,
  sampleCount: c.n,
  computed: c.computed,
  passed: c.passed,
});

/** A gate verdict as the proto the run records and streams. Throws nothing. */
export function decisionOf(verdict: GateVerdict, candidate: CandidateRef): distill.GateDecision {
  return { promoted: verdict.promoted, candidateVersion: candidate.version, wiseFtAlpha: candidate.alpha, target: comparison(verdict.target), guards: verdict.guards.map(comparison), reason: verdict.reason };
}

/**
 * Picks among the candidates' verdicts: the passing one with the largest target gain, else (for the
 * record) the one with the largest gain. Throws nothing; undefined for no candidates.
 */
export function chooseCandidate(verdicts: ReadonlyArray<{ candidate: CandidateRef; verdict: GateVerdict }>): { candidate: CandidateRef; verdict: GateVerdict } | undefined {
  const gain = (v: GateVerdict) => (v.target.computed ? v.target.after - v.target.before : Number.NEGATIVE_INFINITY);
  const best = (xs: typeof verdicts) => xs.reduce<(typeof verdicts)[number] | undefined>((a, b) => (a === undefined || gain(b.verdict) > gain(a.verdict) ? b : a), undefined);
  return best(verdicts.filter((v) => v.verdict.promoted)) ?? best(verdicts);
}

/**
 * GATE: measures the target and every guard that calls this module on their dev splits once with the active versions
 * ("before") and once per candidate, with this module routed to the candidate ("after"); every
 * number is checkpointed as it is measured. `decideGate` judges each candidate; the best passing
 * α is chosen. With the gate disabled (the naive baseline) the α = 1 candidate is chosen unseen.
 * @throws the runner's UNAVAILABLE; the signal's reason when aborted.
 */
export async function gateStage(ctx: StepContext): Promise<void> {
  const candidates = ctx.step.data.candidates ?? [];
  const finish = (chosen: CandidateRef | null, decision: distill.GateDecision) =>
    ctx.store.checkpoint(ctx.runId, ctx.step.key, { stage: 'gate', data: { chosen }, decision, events: [stageEvent(ctx, 'gate', { $case: 'gate', value: decision })] });
  const empty = (candidate: CandidateRef, promoted: boolean, reason: string): distill.GateDecision => ({ promoted, candidateVersion: candidate.version, wiseFtAlpha: candidate.alpha, guards: [], reason });
  if (candidates.length === 0) return void finish(null, empty({ version: '', alpha: 0 }, false, 'no confident teacher label to train on; nothing was trained'));
  if (ctx.plan.disableGate) {
    const chosen = candidates.find((c) => c.alpha === 1) ?? candidates.reduce((a, b) => (b.alpha > a.alpha ? b : a));
    return void finish(chosen, empty(chosen, true, `gate disabled: α = ${chosen.alpha} promoted without evaluation`));
  }
  // A guard whose programs never call this module cannot change when only this module changes:
  // its "after" equals its "before" by construction, so it is not re-measured.
  const guards = guardsOf(ctx.plan, ctx.targetIndex);
  const affected = guards.filter((g) => taskModules(g).includes(ctx.module));
  const unaffected = guards.filter((g) => !affected.includes(g));
  const tasks = [ctx.step.task, ...affected];
  const total = tasks.length * (1 + candidates.length);
  let done = 0;
  const tick = () => ctx.store.appendEvents(ctx.runId, [progressEvent(ctx, 'gate', { done: ++done, total })]);
  const before: Record<string, Measure> = { ...ctx.step.data.before };
  for (const task of tasks) {
    if (before[task] === undefined) {
      before[task] = await measure(ctx, task, []);
      ctx.store.checkpoint(ctx.runId, ctx.step.key, { stage: 'train', data: { before } });
    }
    tick();
  }
  const after: Record<string, Record<string, Measure>> = { ...ctx.step.data.after };
  const verdicts = [];
  for (const candidate of candidates) {
    const own: Record<string, Measure> = { ...after[candidate.version] };
    for (const task of tasks) {
      if (own[task] === undefined) {
        own[task] = await measure(ctx, task, [{ module: ctx.module, version: candidate.version }]);
        after[candidate.version] = own;
        ctx.store.checkpoint(ctx.runId, ctx.step.key, { stage: 'train', data: { after } });
      }
      tick();
    }
    const m = (task: string): TaskMeasurement => measurementOf(task, before[task] as Measure, own[task] as Measure);
    const verdict = decideGate(m(ctx.step.task), tasks.slice(1).map(m), { minTargetGain: ctx.plan.minTargetGain, maxGuardLoss: ctx.plan.maxGuardLoss, minTargetSigmas: ctx.plan.minTargetSigmas });
    verdicts.push({ candidate, verdict });
  }
  const pick = chooseCandidate(verdicts) as { candidate: CandidateRef; verdict: GateVerdict };
  const decision = decisionOf(pick.verdict, pick.candidate);
  if (candidates.length > 1) decision.reason = `α = ${pick.candidate.alpha}: ${decision.reason}`;
  if (unaffected.length > 0) decision.reason += ` (not re-measured: ${unaffected.join(', ')} do not call ${ctx.module})`;
  finish(pick.verdict.promoted ? pick.candidate : null, decision);
}
