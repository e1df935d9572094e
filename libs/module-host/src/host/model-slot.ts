import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { failedPrecondition, isVprogError, toVprogError } from '@vprog/grpc-kit';
import { parseManifest, type GraphRunner, type Manifest } from '@vprog/models';
import type { ModelRepository, ModelVersion } from '@vprog/registry';
import { VPROG_ATTRIBUTES as A, withSpan } from '@vprog/telemetry';
import { createBatcher, type DynamicBatcher } from '../batching/dynamic-batcher';
import type { BatcherOptionsInput } from '../batching/batcher-options';
import type { ModuleMetrics } from '../metrics/module-metrics';
import { runGoldenCheck } from './golden-check';
import { graphRunner, type ModelLoader } from './model-loader';
import type { ModuleDefinition } from './module-definition';

/** One model version loaded into its own workers, checked, with its own batching queue. */
export interface ModelSlot<P, I, O> {
  readonly version: string;
  /** The registry's record of the version at load time. */
  readonly record: ModelVersion;
  /** The validated `@vprog/models` manifest. */
  readonly manifest: Manifest;
  readonly predictor: P;
  /**
   * The version's graphs in its workers, for work beside the predictor that must share them
   * (distillation runs the backbone of its parent here, so serving and feature extraction share
   * one pool instead of loading the model twice).
   */
  readonly runner: GraphRunner;
  readonly batcher: DynamicBatcher<I, O>;
  /** True once the slot stopped taking new requests. */
  readonly retired: boolean;
  /** When a request last used the slot (candidate eviction picks the oldest). */
  lastUsed: number;
  /** Stops taking requests, lets queued and running ones finish, then stops the workers. */
  retire(): Promise<void>;
}

/** What loading a slot needs. */
export interface LoadSlotDeps<P, I, O> {
  readonly repository: ModelRepository;
  readonly definition: ModuleDefinition<P, I, O>;
  readonly loader: ModelLoader;
  readonly batching: BatcherOptionsInput;
  readonly metrics: ModuleMetrics;
  readonly goldenTolerance?: number;
}

const MAX_ANCESTORS = 16;

/**
 * Loads one version: verifies its files against the registry, validates the manifest, starts
 * fresh workers, runs the golden check on them, then builds the predictor and its batcher.
 * Nothing of a version that fails any step stays loaded.
 *
 * @throws RegistryError VERSION_NOT_FOUND (NOT_FOUND) for an unknown version; VprogError
 *   FAILED_PRECONDITION for anything that makes the version unfit to serve (its reason says what:
 *   GOLDEN_CHECK_FAILED, GOLDEN_MISSING, MANIFEST_INVALID, MODEL_FILE_CORRUPT, CHECKSUM_MISMATCH…).
 */
export async function loadSlot<P, I, O>(deps: LoadSlotDeps<P, I, O>, version: string): Promise<ModelSlot<P, I, O>> {
  const { repository, definition, metrics } = deps;
  const label = `${repository.module}/${repository.role}@${version}`;
  const started = performance.now();
  let ok = false;
  try {
    const record = await repository.getVersion(version, { verify: true }).catch((error: unknown) => unfit(label, error));
    const manifest = await Promise.resolve()
      .then(() => parseManifest(record.manifest, `${record.dir}/manifest.json`))
      .catch((error: unknown) => unfit(label, error));
    const graphs = Object.fromEntries(Object.entries(record.files).map(([key, file]) => [key, { path: file.path, sha256: file.sha256 }]));
    const model = await deps.loader({ name: `${manifest.name}@${version}`, graphs }).catch((error: unknown) => unfit(label, error));
    const runner = graphRunner(model);
    try {
      await runGoldenCheck({ label, manifest, runner, imageDirs: await ancestorDirs(repository, record), ...(deps.goldenTolerance !== undefined ? { tolerance: deps.goldenTolerance } : {}) });
    } catch (error) {
      await model.close({ drain: false });
      throw error;
    }
    const predictor = definition.createPredictor({ manifest }, runner);
    const attributes = { [A.MODULE]: repository.module, 'vprog.model.role': repository.role, [A.MODEL_VERSION]: version };
    const batcher = createBatcher<I, O>(
      deps.batching,
      (items) =>
        context.with(ROOT_CONTEXT, () =>
          withSpan(`module.batch ${repository.module}`, { ...attributes, [A.BATCH_SIZE]: items.length }, () => definition.runBatch(predictor, items)),
        ),
      metrics.batcherObserver(version),
    );
    let retiring: Promise<void> | undefined;
    const slot: ModelSlot<P, I, O> = {
      version,
      record,
      manifest,
      predictor,
      runner,
      batcher,
      lastUsed: Date.now(),
      get retired() {
        return retiring !== undefined;
      },
      retire() {
        retiring ??= (async () => {
          await batcher.drain();
          batcher.close();
          await model.close({ drain: true });
        })();
        return retiring;
      },
    };
    ok = true;
    return slot;
  } finally {
    metrics.recordLoad(version, ok, (performance.now() - started) / 1000);
  }
}

/**
 * The version's folder and its ancestors' (for golden inputs a distilled version inherits), up to
 * 16 generations; an ancestor that cannot be read ends the chain. Throws nothing.
 */
export async function ancestorDirs(repository: ModelRepository, record: ModelVersion): Promise<string[]> {
  const dirs = [record.dir];
  let parent = record.manifest.parent;
  while (parent !== null && parent !== undefined && dirs.length <= MAX_ANCESTORS) {
    try {
      const found = await repository.getVersion(parent);
      dirs.push(found.dir);
      parent = found.manifest.parent;
    } catch {
      break;
    }
  }
  return dirs;
}

/**
 * A version that exists but cannot serve is a FAILED_PRECONDITION for whoever asked for it, with
 * the underlying reason kept (CHECKSUM_MISMATCH, MODEL_FILE_CORRUPT, MANIFEST_INVALID...). A
 * version that does not exist stays NOT_FOUND.
 */
function unfit(label: string, error: unknown): never {
  const mapped = toVprogError(error);
  if (mapped.code === 'NOT_FOUND' && (mapped.reason === 'VERSION_NOT_FOUND' || mapped.reason === 'MODEL_NOT_FOUND')) throw error;
  if (mapped.code === 'FAILED_PRECONDITION') throw error;
  const message = isVprogError(error) || mapped.code !== 'INTERNAL' ? mapped.message : error instanceof Error ? error.message : String(error);
  throw failedPrecondition(`${label} cannot be served: ${message}`, { reason: mapped.reason === 'INTERNAL' ? 'VERSION_LOAD_FAILED' : mapped.reason, metadata: { ...mapped.metadata, model: label }, cause: error });
}
