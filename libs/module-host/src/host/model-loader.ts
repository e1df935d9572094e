import type { GraphRunner, GraphRunOptions, TensorMap } from '@vprog/models';

/**
 * The seam between the host and the inference runtime. Module-host is a transport library and may
 * not import `@vprog/onnx-runtime` (the runtime tag sits beside it, not below it), so each service
 * injects a loader built on `loadModel` of that library; tests may inject a fake one. The shapes
 * match `@vprog/onnx-runtime`'s `ModelSpec` and `LoadedModel` structurally.
 */

/** The ONNX graphs of one model version, by role (`backbone`, `head`, `model`). */
export interface GraphSpec {
  /** A name for logs and errors, e.g. `loc-student@v2`. */
  readonly name: string;
  readonly graphs: Readonly<Record<string, { readonly path: string; readonly sha256?: string }>>;
}

/** A model version loaded into its own workers. */
export interface LoadedGraphs {
  /** Runs one graph on a batch of feeds. */
  run(graph: string, feeds: TensorMap, options?: GraphRunOptions): Promise<TensorMap>;
  /** Runs a chain of graphs in one go (see `ChainRunner` of `@vprog/models`), when the runtime can. */
  runChain?(graphs: readonly string[], feeds: TensorMap, options?: GraphRunOptions): Promise<TensorMap>;
  /** Stops the workers; by default lets in-flight runs finish first. */
  close(options?: { readonly drain?: boolean }): Promise<void>;
}

/**
 * Loads a model version into fresh workers.
 * @throws whatever the runtime throws (e.g. MODEL_FILE_CORRUPT as FAILED_PRECONDITION).
 */
export type ModelLoader = (spec: GraphSpec) => Promise<LoadedGraphs>;

/** The runner a predictor of `@vprog/models` needs, bound to a loaded version. */
export function graphRunner(model: LoadedGraphs): GraphRunner {
  const run = (graph: string, feeds: TensorMap, options?: GraphRunOptions): Promise<TensorMap> => model.run(graph, feeds, options);
  const runChain = model.runChain?.bind(model);
  return runChain === undefined ? run : Object.assign(run, { chain: runChain });
}
