import type { GraphRunner, LoadedModelManifest, ModuleName } from '@vprog/models';

/**
 * What a module service tells the host about its module: how to build the predictor of a loaded
 * version, how to run a batch of domain requests through it, and which requests a model cannot
 * serve at all. A student and its teacher sidecar share one definition per module; only the role
 * (and so the manifest the predictor is built from) differs.
 *
 * `P` is the predictor (`LocPredictor`...), `I` one domain request, `O` its answer.
 */
export interface ModuleDefinition<P, I, O> {
  readonly module: ModuleName;
  /**
   * Builds the predictor of one loaded version (`createLocPredictor` and friends).
   * @throws ModelError MANIFEST_INVALID when the manifest does not fit the module.
   */
  createPredictor(model: LoadedModelManifest, runner: GraphRunner): P;
  /** Runs several requests as one batched model call; one answer per request, in order. */
  runBatch(predictor: P, items: readonly I[]): Promise<readonly O[]>;
  /**
   * Refuses, before it is queued, a request the model cannot serve (a teacher asked for a word
   * outside its label space), so it neither waits in the queue nor spoils a batch.
   * @throws a typed error, e.g. FAILED_PRECONDITION / OUTSIDE_LABEL_SPACE.
   */
  check?(predictor: P, item: I): void;
}
