import { model } from '@vprog/proto-ts';
import { discardStrays } from './candidates';
import { progressEvent, stageEvent, type StepContext } from './step-context';

/**
 * TRAIN: discards candidates an interrupted training of this run left behind (they were never
 * recorded), then streams the options and the examples (teacher targets, then anchors) to the
 * student's `Distill` and records the candidates (one per WiSE-FT α) with the loss curve as
 * events. With no confident target at all nothing is trained and the step records no candidate.
 * @throws VprogError of Distill (e.g. INVALID_ARGUMENT, RESOURCE_EXHAUSTED / DISTILL_BUSY),
 *   ListVersions or Discard; CANCELLED when aborted.
 */
export async function trainStage(ctx: StepContext): Promise<void> {
  const student = ctx.clients.student;
  const strays = await discardStrays(student, ctx.runId, `run ${ctx.runId}: training was interrupted before its candidates were recorded; training again`);
  if (strays.length > 0) ctx.logger.log('warn', 'discarded unrecorded candidates of an interrupted training', { runId: ctx.runId, module: ctx.module, versions: strays.join(',') });
  const targets = ctx.store.examples(ctx.runId, ctx.step.key, ['target']);
  const anchors = ctx.store.examples(ctx.runId, ctx.step.key, ['anchor']);
  if (targets.length === 0) {
    ctx.store.checkpoint(ctx.runId, ctx.step.key, { stage: 'train', data: { candidates: [] }, events: [progressEvent(ctx, 'train', { done: 0, total: 0 })] });
    return;
  }
  const p = ctx.plan;
  const teacher = ctx.step.data.teacher;
  const options: model.DistillOptions = {
    mode: p.trainingMode === 'full' ? model.TrainingMode.TRAINING_MODE_FULL : model.TrainingMode.TRAINING_MODE_LORA,
    loraRank: p.loraRank,
    epochs: p.epochs,
    learningRate: p.learningRate,
    temperature: p.temperature,
    anchorWeight: anchors.length === 0 ? 0 : p.anchorWeight,
    seed: ctx.seed,
    wiseFtAlphas: [...p.alphas],
    batchSize: 0,
    parentVersion: ctx.step.data.activeBefore ?? '',
    ...(teacher === undefined ? {} : { teacher }),
    sourceRunId: ctx.runId,
  };
  function* messages(): Generator<model.DistillRequest> {
    yield { payload: { $case: 'options', value: options } };
    for (const example of [...targets, ...anchors]) yield { payload: { $case: 'example', value: example } };
  }
  ctx.store.appendEvents(ctx.runId, [progressEvent(ctx, 'train', { done: 0, total: p.epochs, kept: targets.length, dropped: 0 })]);
  const result = await student.distill(messages(), { deadlineMs: ctx.config.trainDeadlineMs, signal: ctx.signal });
  const candidates = result.candidates.flatMap((c) => (c.version === undefined ? [] : [{ version: c.version.version, alpha: c.wiseFtAlpha }]));
  ctx.store.checkpoint(ctx.runId, ctx.step.key, {
    stage: 'train',
    data: { candidates },
    events: [
      ...result.lossCurve.map((point) => stageEvent(ctx, 'train', { $case: 'loss', value: point })),
      progressEvent(ctx, 'train', { done: result.lossCurve.length, total: p.epochs, kept: result.targetExampleCount + result.anchorExampleCount }),
    ],
  });
}
