import { modelError } from '../errors';
import { fullRect, rectFromTuple, type RgbImage } from '../image';
import type { GoldenCase, Manifest } from '../manifest/manifest-schema';
import { cropResize, resizeView } from '../preprocess/crop-resize';
import { letterbox } from '../preprocess/letterbox';
import { entryInputs, runModel } from '../predictors/run-model';
import type { GraphRunner, TensorMap } from '../tensor';
import { createTokenizer } from '../text/tokenizer';

/** How far one golden output is from what the runtime computed. */
export interface GoldenComparison {
  readonly output: string;
  readonly maxAbsDiff: number;
  readonly shapeMatches: boolean;
}

/**
 * The entry feeds of one golden case: the golden image preprocessed per the manifest, plus the
 * phrase/question/categories tokens. This is the exact path the predictors take.
 * @throws ModelError INVALID_INPUT when the case lacks the input its module needs.
 */
export function goldenFeeds(manifest: Manifest, golden: GoldenCase, image: RgbImage): TensorMap {
  const inputs = entryInputs(manifest);
  const spec = manifest.preprocess;
  const size = spec.size;
  const { view, box, phrase, question, categories } = golden.inputs;
  let pixels: Float32Array;
  if (spec.kind === 'letterbox') pixels = letterbox(image, view ? rectFromTuple(view) : fullRect(image), spec).data;
  else if (spec.kind === 'crop-resize') {
    if (box === undefined) throw modelError('INVALID_INPUT', `${manifest.name}: golden case without a box`);
    pixels = cropResize(image, rectFromTuple(box), spec);
  } else pixels = resizeView(image, view ? rectFromTuple(view) : fullRect(image), spec);
  const feeds: TensorMap = { [inputs.image]: { type: 'float32', dims: [1, 3, size, size], data: pixels } };
  if (inputs.text !== undefined && manifest.tokenizer !== null) {
    const texts = categories ?? [question ?? phrase ?? ''];
    feeds[inputs.text] = createTokenizer(manifest.tokenizer).encode(texts);
  }
  return feeds;
}

/**
 * Runs one golden case through the runner and compares every stored output.
 * @throws whatever preprocessing or the runner throws.
 */
export async function compareGolden(manifest: Manifest, golden: GoldenCase, image: RgbImage, runner: GraphRunner): Promise<GoldenComparison[]> {
  const { outputs } = await runModel(manifest, runner, goldenFeeds(manifest, golden, image));
  return Object.entries(golden.outputs).map(([name, want]) => {
    const got = outputs[name];
    const shapeMatches = got !== undefined && got.dims.join(',') === want.shape.join(',');
    let maxAbsDiff = Number.POSITIVE_INFINITY;
    if (shapeMatches) {
      maxAbsDiff = 0;
      const data = got.data as Float32Array;
      for (let i = 0; i < want.data.length; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(data[i] - want.data[i]));
    }
    return { output: name, maxAbsDiff, shapeMatches };
  });
}
