import { argmax, softmax } from '../decode/softmax';
import { modelError } from '../errors';
import type { Rect, RgbImage } from '../image';
import { cropResizeInto } from '../preprocess/crop-resize';
import { createClassifyTeacherAdapter } from '../teachers/classify-teacher-adapter';
import { floatOutput, type GraphRunner, type TensorMap } from '../tensor';
import { createTokenizer } from '../text/tokenizer';
import type { LoadedModelManifest } from './loaded-manifest';
import { entryInputs, finalOutputName, runModel } from './run-model';
import type { BoxClassification, ClassifyPredictor, ClassifyRequest } from './types';

interface Crop {
  readonly request: number;
  readonly image: RgbImage;
  readonly box: Rect;
}

/**
 * CLASSIFY for a manifest. The CLIP-like student scores each padded box crop against any category
 * words (text encoded by its backbone; scores = softmax of the head's logits). A closed-set
 * teacher answers through its adapter, only for categories within its labels.
 * @throws ModelError MANIFEST_INVALID when the manifest is not a classify model.
 */
export function createClassifyPredictor(model: LoadedModelManifest, runner: GraphRunner): ClassifyPredictor {
  const { manifest } = model;
  if (manifest.module !== 'classify') throw modelError('MANIFEST_INVALID', `${manifest.name} is a ${manifest.module} model, not classify`);
  const size = manifest.preprocess.size;
  const inputs = entryInputs(manifest);
  const output = finalOutputName(manifest);
  const textual = inputs.text !== undefined && manifest.tokenizer !== null;
  const tokenizer = textual && manifest.tokenizer !== null ? createTokenizer(manifest.tokenizer) : undefined;
  const teacher = textual ? undefined : createClassifyTeacherAdapter(manifest.labels ?? []);

  /** Runs one group of crops that share a category list; returns one result per crop. */
  const runGroup = async (crops: readonly Crop[], categories: readonly string[]): Promise<BoxClassification[]> => {
    const indices = teacher?.indices(categories);
    const plane = 3 * size * size;
    const images = new Float32Array(crops.length * plane);
    crops.forEach((c, i) => cropResizeInto(c.image, c.box, manifest.preprocess, images, i * plane));
    const feeds: TensorMap = { [inputs.image]: { type: 'float32', dims: [crops.length, 3, size, size], data: images } };
    if (tokenizer !== undefined && inputs.text !== undefined) feeds[inputs.text] = tokenizer.encode(categories);
    const { outputs } = await runModel(manifest, runner, feeds, { transfer: true });
    const width = indices === undefined ? categories.length : (manifest.labels ?? []).length;
    const logits = floatOutput(outputs, output, [crops.length, width]);
    return crops.map((_, i) => {
      const scores = indices === undefined || teacher === undefined ? softmax(logits, i * width, width) : teacher.scores(logits, i * width, indices);
      return { label: categories[argmax(scores)], scores };
    });
  };

  const classifyMany = async (requests: readonly ClassifyRequest[]): Promise<BoxClassification[][]> => {
    const results: BoxClassification[][] = requests.map(() => []);
    const groups = new Map<string, { categories: readonly string[]; crops: Crop[] }>();
    requests.forEach((r, index) => {
      if (r.categories.length === 0) throw modelError('INVALID_INPUT', 'classify needs at least one category');
      if (teacher !== undefined) teacher.indices(r.categories);
      const key = JSON.stringify(r.categories);
      const group = groups.get(key) ?? { categories: r.categories, crops: [] };
      groups.set(key, group);
      for (const box of r.boxes) group.crops.push({ request: index, image: r.image, box });
    });
    for (const group of groups.values()) {
      if (group.crops.length === 0) continue;
      const answers = await runGroup(group.crops, group.categories);
      group.crops.forEach((c, i) => results[c.request].push(answers[i]));
    }
    return results;
  };

  return {
    module: 'classify',
    id: `${manifest.name}@${manifest.version}`,
    role: manifest.role,
    canClassify: (categories) => categories.length > 0 && (teacher === undefined || teacher.accepts(categories)),
    classify: async (image, boxes, categories) => (await classifyMany([{ image, boxes, categories }]))[0],
    classifyMany,
  };
}
