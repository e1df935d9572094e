import { modelError } from '../errors';
import { graphInputs, isHeadSplit } from '../manifest/manifest-rules';
import type { GridDecode, Manifest, ModuleName } from '../manifest/manifest-schema';
import { entryInputs, finalOutputName } from '../predictors/run-model';
import type { ClassifyRequest } from '../predictors/types';
import type { TensorMap } from '../tensor';
import { createTokenizer } from '../text/tokenizer';
import { encodeAnswersTarget, encodeCategoriesTarget, encodeGridTarget, type ModuleTarget } from './distill-targets';
import { contentHash, headTensor, sliceRows, type HeadFeeds, type HeadTensor } from './head-tensors';
import { prepareModuleInput, type ModuleRequest, type PreparedPixels } from './prepare-input';

/** The loss a head is trained with, from the manifest's decode spec. */
export type HeadLossSpec =
  | { readonly kind: 'softmax' }
  | { readonly kind: 'grid'; readonly stride: number; readonly grid: number; readonly boxScale: number; readonly canvas: number };

/** One request preprocessed exactly as the predictor would, ready for the backbone. */
export interface PreparedInput extends PreparedPixels {
  /** sha256 of the preprocessed tensors (pixels and token ids): the feature cache key. */
  readonly key: string;
  /** Inputs of one group can share a backbone run ('' or, for classify, the category list). */
  readonly group: string;
}

/**
 * A student's "training view": how its module's requests become the head's training inputs and
 * how a module-level target becomes a head-level one. It reuses the predictors' preprocessing
 * (letterbox, resize, crops, tokenizer), so the head learns on the features it serves with.
 */
export interface TrainingView {
  readonly module: ModuleName;
  /** The head's output name (e.g. `grid`, `logits`). */
  readonly output: string;
  /** Head inputs that hold one or more rows per example (the rest are shared per group). */
  readonly rowInputs: readonly string[];
  readonly loss: HeadLossSpec;
  /** @throws ModelError INVALID_INPUT for an empty view or a box outside the image. */
  prepare(request: ModuleRequest): PreparedInput;
  /** The backbone feeds of inputs of one group, rows in order. */
  backboneFeeds(inputs: readonly PreparedInput[]): TensorMap;
  /**
   * Cuts a backbone run's outputs into each input's head feeds.
   * @throws ModelError MODEL_OUTPUT_INVALID when an output is missing or has the wrong row count.
   */
  splitFeatures(features: TensorMap, inputs: readonly PreparedInput[]): HeadFeeds[];
  /**
   * The head-space target of one input.
   * @throws ModelError INVALID_INPUT (metadata.field relative to the target) when the target does
   *   not fit the module or the request.
   */
  encodeTarget(input: PreparedInput, request: ModuleRequest, target: ModuleTarget): HeadTensor;
}

const TARGET_KIND: Record<ModuleName, ModuleTarget['kind']> = { loc: 'boxes', facedet: 'boxes', classify: 'categories', vqa: 'answers' };

/**
 * The training view of a head-split student's manifest.
 * @throws ModelError MANIFEST_INVALID when the manifest is not head-split.
 */
export function createTrainingView(manifest: Manifest): TrainingView {
  if (!isHeadSplit(manifest)) throw modelError('MANIFEST_INVALID', `${manifest.name} is not head-split: only a student's head can be distilled`);
  const entry = entryInputs(manifest);
  const backboneInputs = manifest.graph.backbone.inputs;
  const batchDim = backboneInputs.find((v) => v.name === entry.image)?.shape[0];
  const textDim = backboneInputs.find((v) => v.name === entry.text)?.shape[0];
  const textShared = entry.text !== undefined && textDim !== batchDim;
  const tokenizer = entry.text !== undefined && manifest.tokenizer !== null ? createTokenizer(manifest.tokenizer) : undefined;
  const headInputs = graphInputs(manifest, 'head');
  const rowInputs = manifest.graph.head.inputs.filter((v) => v.shape[0] === batchDim).map((v) => v.name);
  const size = manifest.preprocess.size;
  const decode = manifest.decode;
  const loss: HeadLossSpec =
    decode.kind === 'grid' ? { kind: 'grid', stride: decode.stride, grid: decode.grid, boxScale: decode.boxScale, canvas: size } : { kind: 'softmax' };

  return {
    module: manifest.module,
    output: finalOutputName(manifest),
    rowInputs,
    loss,
    prepare(request) {
      const pixels = prepareModuleInput(manifest, request);
      const texts = tokenizer === undefined ? [] : pixels.texts;
      const tokens = tokenizer === undefined ? [] : [tokenizer.encode(texts).data];
      return { ...pixels, texts, key: contentHash([pixels.pixels, ...tokens]), group: textShared ? texts.join('\n') : '' };
    },
    backboneFeeds(inputs) {
      const rows = inputs.reduce((n, i) => n + i.rows, 0);
      const images = new Float32Array(rows * 3 * size * size);
      let at = 0;
      for (const input of inputs) {
        images.set(input.pixels, at);
        at += input.pixels.length;
      }
      const feeds: TensorMap = { [entry.image]: { type: 'float32', dims: [rows, 3, size, size], data: images } };
      if (tokenizer !== undefined && entry.text !== undefined) {
        feeds[entry.text] = tokenizer.encode(textShared ? (inputs[0]?.texts ?? []) : inputs.flatMap((i) => i.texts));
      }
      return feeds;
    },
    splitFeatures(features, inputs) {
      const rows = inputs.reduce((n, i) => n + i.rows, 0);
      const tensors = Object.fromEntries(headInputs.map((name) => [name, headTensor(features, name)]));
      for (const name of rowInputs) {
        if (tensors[name].dims[0] !== rows) {
          throw modelError('MODEL_OUTPUT_INVALID', `${manifest.name}: backbone output ${name} has ${tensors[name].dims[0]} rows, expected ${rows}`, { output: name });
        }
      }
      let from = 0;
      return inputs.map((input) => {
        const feeds: Record<string, HeadTensor> = {};
        for (const name of headInputs) feeds[name] = rowInputs.includes(name) ? sliceRows(tensors[name], from, input.rows) : tensors[name];
        from += input.rows;
        return textShared ? { feeds, sharedKey: input.group } : { feeds };
      });
    },
    encodeTarget(input, request, target) {
      if (target.kind !== TARGET_KIND[manifest.module]) {
        throw modelError('INVALID_INPUT', `a ${manifest.module} example needs a ${TARGET_KIND[manifest.module]} target, got ${target.kind}`, { field: target.kind });
      }
      if (target.kind === 'answers') return encodeAnswersTarget(manifest.labels ?? [], target.answers);
      if (target.kind === 'categories') {
        const r = request as ClassifyRequest;
        return encodeCategoriesTarget(r.categories, target.distributions, r.boxes.length);
      }
      if (input.geometry === undefined) throw modelError('INVALID_INPUT', `${manifest.name}: boxes target for an input without canvas geometry`, { field: 'boxes' });
      return encodeGridTarget(target.boxes, input.geometry, decode as GridDecode);
    },
  };
}

