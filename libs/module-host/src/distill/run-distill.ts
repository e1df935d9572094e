import { readFile } from 'node:fs/promises';
import { trainHeadInWorker, type LossPoint, type TrainOptions } from '@vprog/distill';
import { cancelled, type Logger } from '@vprog/grpc-kit';
import { createTrainingView, type GraphRunner } from '@vprog/models';
import type { model } from '@vprog/proto-ts';
import { VPROG_ATTRIBUTES as A, withSpan } from '@vprog/telemetry';
import { encodeVersion } from '../admin/version-codec';
import type { ImageLimits } from '../edge/image-codec';
import { createViolations } from '../edge/violations';
import type { ModelLoader } from '../host/model-loader';
import { ancestorDirs, type ModelSlot } from '../host/model-slot';
import type { ModelHost } from '../host/model-host';
import { checkExport, loadCandidateHead } from './candidate-head';
import { recomputeGoldens } from './candidate-goldens';
import { storeCandidates, type CandidateFiles } from './candidate-writer';
import { resolveDistillOptions } from './distill-options';
import { readExamples } from './distill-stream';
import type { FeatureCache } from './feature-cache';

/** Examples whose head outputs the export check compares. */
const EXPORT_SAMPLES = 4;

/** What a Distill call needs of its service. */
export interface DistillDeps {
  readonly host: ModelHost<unknown, unknown, unknown>;
  readonly loader: ModelLoader;
  readonly limits: ImageLimits;
  readonly maxExamples: number;
  readonly cache: FeatureCache;
  /** Inputs per backbone run while extracting features. */
  readonly backboneBatchSize: number;
}

/**
 * One Distill call from options to stored candidates: read and check the options and examples,
 * compute the parent's backbone features (cached by content), train the head in a worker, check
 * each candidate's export against the trainer, recompute its goldens, store and load it. Nothing
 * is written unless every step before succeeded; a failure or cancellation while storing removes
 * what was written; `active` never moves.
 * @throws VprogError INVALID_ARGUMENT (field violations), RESOURCE_EXHAUSTED / TOO_MANY_EXAMPLES,
 *   INTERNAL / EXPORT_MISMATCH, CANCELLED; RegistryError VERSION_NOT_FOUND for an unknown parent;
 *   the trainer's typed errors.
 */
export async function runDistill(deps: DistillDeps, requests: AsyncIterable<model.DistillRequest>, call: { readonly signal: AbortSignal; readonly logger: Logger }): Promise<model.DistillResponse> {
  const { host, signal } = { ...deps, ...call };
  const messages = requests[Symbol.asyncIterator]();
  const violations = createViolations();
  const first = await messages.next();
  if (first.done === true || first.value.payload?.$case !== 'options') {
    violations.add('payload', 'the first message of a Distill stream must hold the options');
    violations.throwIfAny('invalid Distill stream');
  }
  const options = first.value.payload?.$case === 'options' ? first.value.payload.value : undefined;
  const settings = resolveDistillOptions(options as model.DistillOptions, violations);
  violations.throwIfAny('invalid Distill options');

  const parent = (await host.slot(settings.parentVersion)) as ModelSlot<unknown, unknown, unknown>;
  const runner: GraphRunner = async (graph, feeds) => ((await host.slot(parent.version)) as ModelSlot<unknown, unknown, unknown>).runner(graph, feeds);
  const view = createTrainingView(parent.manifest);
  const attributes = { [A.MODULE]: host.module, [A.MODEL_VERSION]: parent.version };
  const log = (message: string, fields: Record<string, unknown> = {}) => call.logger.log('info', message, { module: host.module, parent: parent.version, ...fields });

  const read = await withSpan(`distill.features ${host.module}`, attributes, () =>
    readExamples(
      messages,
      {
        context: { module: parent.manifest.module, limits: deps.limits, labels: parent.manifest.labels ?? [] },
        view,
        features: { view, runner, cache: deps.cache, version: parent.version, batchSize: deps.backboneBatchSize, signal },
        maxExamples: deps.maxExamples,
      },
      violations,
      signal,
    ),
  );
  log('distill examples read', { targets: read.targets, anchors: read.anchors, cacheEntries: deps.cache.size, cacheHits: deps.cache.stats.hits });

  const head = new Uint8Array(await readFile(parent.record.files.head.path));
  const trainOptions: TrainOptions = {
    mode: settings.mode,
    rank: settings.rank,
    epochs: settings.epochs,
    learningRate: settings.learningRate,
    batchSize: settings.batchSize,
    temperature: settings.temperature,
    anchorWeight: settings.anchorWeight,
    seed: settings.seed,
    wiseFtAlphas: settings.wiseFtAlphas,
    loss: view.loss,
    rowInputs: view.rowInputs,
    output: view.output,
  };
  const trained = await withSpan(`distill.train ${host.module}`, attributes, () =>
    trainHeadInWorker(head, read.examples, trainOptions, {
      signal,
      onEpoch: (p: LossPoint) => log('distill epoch', { epoch: p.epoch, epochs: settings.epochs, loss: p.loss, targetLoss: p.targetLoss, anchorLoss: p.anchorLoss }),
    }),
  );
  if (signal.aborted) throw cancelled('distillation cancelled after training', { reason: 'CANCELLED' });
  const final = trained.lossCurve[trained.lossCurve.length - 1];

  const imageDirs = await ancestorDirs(host.repository, parent.record);
  const samples = read.examples.slice(0, EXPORT_SAMPLES);
  const candidates: CandidateFiles[] = [];
  for (const candidate of trained.candidates) {
    const loaded = await loadCandidateHead(deps.loader, `${parent.manifest.name}@${parent.version}+distill`, candidate.head);
    try {
      const exportDiff = await checkExport(candidate.head, loaded, samples, view.output);
      const goldens = await recomputeGoldens(parent.manifest, runner, loaded, imageDirs);
      candidates.push({
        alpha: candidate.alpha,
        head: candidate.head,
        goldens,
        metrics: {
          ...(final !== undefined ? { final_loss: final.loss, final_target_loss: final.targetLoss, final_anchor_loss: final.anchorLoss } : {}),
          target_examples: read.targets,
          anchor_examples: read.anchors,
          export_max_abs_diff: exportDiff,
        },
      });
    } finally {
      await loaded.close();
    }
  }

  const lineage = {
    ...(settings.teacher !== undefined ? { teacher: settings.teacher } : {}),
    sourceRunId: settings.sourceRunId,
    training: { mode: settings.mode, rank: settings.rank, epochs: settings.epochs, learningRate: settings.learningRate, batchSize: settings.batchSize, temperature: settings.temperature, anchorWeight: settings.anchorWeight, seed: settings.seed },
    examples: { target: read.targets, anchor: read.anchors },
    ...(final !== undefined ? { finalLoss: { loss: final.loss, targetLoss: final.targetLoss, anchorLoss: final.anchorLoss } } : {}),
    lossCurve: trained.lossCurve,
  };
  const stored = await withSpan(`distill.store ${host.module}`, attributes, () => storeCandidates(host, parent.record, candidates, lineage, { logger: call.logger, signal }));
  log('distill candidates ready', { versions: stored.map((v) => v.version) });
  return {
    candidates: stored.map((version, i) => ({ wiseFtAlpha: candidates[i].alpha, version: encodeVersion(version) })),
    lossCurve: trained.lossCurve.map((p) => ({ epoch: p.epoch, loss: p.loss, targetLoss: p.targetLoss, anchorLoss: p.anchorLoss })),
    targetExampleCount: read.targets,
    anchorExampleCount: read.anchors,
  };
}
