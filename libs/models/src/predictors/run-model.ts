import { modelError } from '../errors';
import { graphInputs, graphOutputs, isHeadSplit } from '../manifest/manifest-rules';
import type { Manifest } from '../manifest/manifest-schema';
import type { GraphRunner, TensorMap } from '../tensor';

/** The final outputs of a model run and, for head-split models, the backbone's features. */
export interface ModelRun {
  /** The head's outputs (students) or the model's outputs (teachers). */
  readonly outputs: TensorMap;
  /** The backbone's outputs; absent for single-graph models and for runs through `runner.chain`. */
  readonly features?: TensorMap;
}

/**
 * Runs a model through an injected runner: a head-split model runs `backbone` and then `head`
 * (each head input taken from the backbone output of the same name, else from the original feeds),
 * in one call of `runner.chain` when the runner has it (the features then stay in the runtime)
 * unless `options.features` asks for them; a single-graph model runs `model`. `options.transfer`
 * says the feeds were built for this run alone, so the runtime may take their buffers over (the
 * two-call path without `chain` never does: the head may read an original feed).
 * @throws ModelError MODEL_OUTPUT_INVALID when the backbone does not produce an input the head
 *   needs; whatever the runner throws.
 */
export async function runModel(manifest: Manifest, runner: GraphRunner, feeds: TensorMap, options: { readonly features?: boolean; readonly transfer?: boolean } = {}): Promise<ModelRun> {
  const runOptions = options.transfer === true ? { transfer: true } : {};
  if (!isHeadSplit(manifest)) return { outputs: await runner('model', feeds, runOptions) };
  if (runner.chain !== undefined && options.features !== true) return { outputs: await runner.chain(['backbone', 'head'], feeds, runOptions) };
  const features = await runner('backbone', feeds);
  const headFeeds: TensorMap = {};
  for (const name of graphInputs(manifest, 'head')) {
    const tensor = features[name] ?? feeds[name];
    if (tensor === undefined) {
      throw modelError('MODEL_OUTPUT_INVALID', `${manifest.name}: the backbone produced no ${name} for the head`, { output: name });
    }
    headFeeds[name] = tensor;
  }
  return { outputs: await runner('head', headFeeds), features };
}

/** The graph whose outputs are the model's final outputs (`head` or `model`). */
export function finalGraph(manifest: Manifest): string {
  return isHeadSplit(manifest) ? 'head' : 'model';
}

/** The graph that takes the preprocessed inputs (`backbone` or `model`). */
export function entryGraph(manifest: Manifest): string {
  return isHeadSplit(manifest) ? 'backbone' : 'model';
}

/** The name of the model's (first) final output, e.g. `grid` or `logits`. */
export function finalOutputName(manifest: Manifest): string {
  return graphOutputs(manifest, finalGraph(manifest))[0];
}

/**
 * The entry graph's input names by role: the float32 image input and the int64 text input (if any).
 * @throws ModelError MANIFEST_INVALID when the entry graph has no float32 input.
 */
export function entryInputs(manifest: Manifest): { readonly image: string; readonly text?: string } {
  const inputs = manifest.graph[entryGraph(manifest)].inputs;
  const image = inputs.find((v) => v.dtype === 'float32');
  const text = inputs.find((v) => v.dtype === 'int64');
  if (image === undefined) throw modelError('MANIFEST_INVALID', `${manifest.name}: the ${entryGraph(manifest)} graph has no float32 image input`);
  return { image: image.name, ...(text !== undefined ? { text: text.name } : {}) };
}
