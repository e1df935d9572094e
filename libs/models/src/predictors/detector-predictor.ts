import { canvasToRoot, decodeGrid } from '../decode/grid-decode';
import { isModelError, modelError } from '../errors';
import type { Detection } from '../image';
import type { LoadedModelManifest } from './loaded-manifest';
import type { GridDecode } from '../manifest/manifest-schema';
import { letterboxInto } from '../preprocess/letterbox';
import { closedSetScores, parseClosedPhrase, type ClosedPhrase, type ClosedSetLayout } from '../teachers/loc-teacher-adapter';
import { floatOutput, type GraphRunner, type TensorMap } from '../tensor';
import { createTokenizer } from '../text/tokenizer';
import { entryInputs, finalOutputName, runModel } from './run-model';
import type { DetectFacesRequest, FacedetPredictor, LocPredictor, LocateRequest } from './types';

interface DetectJob {
  readonly request: DetectFacesRequest;
  readonly phrase?: string;
  readonly closed?: ClosedPhrase;
}

/** The shared batched path of every grid detector: letterbox, one run, decode per item. */
function createGridDetector(model: LoadedModelManifest, runner: GraphRunner) {
  const { manifest } = model;
  const decode = manifest.decode as GridDecode;
  const size = manifest.preprocess.size;
  const cells = decode.grid * decode.grid;
  const inputs = entryInputs(manifest);
  const output = finalOutputName(manifest);
  const tokenizer = manifest.tokenizer !== null && inputs.text !== undefined ? createTokenizer(manifest.tokenizer) : undefined;
  const layout: ClosedSetLayout | undefined = decode.classes;
  // A request's own threshold wins over the model's operating point.
  const operatingPoint = decode.operatingThreshold === undefined ? {} : { scoreThreshold: decode.operatingThreshold };

  return async (jobs: readonly DetectJob[]): Promise<Detection[][]> => {
    if (jobs.length === 0) return [];
    const plane = 3 * size * size;
    const images = new Float32Array(jobs.length * plane);
    const boxes = jobs.map((j, i) => letterboxInto(j.request.image, j.request.view, manifest.preprocess, images, i * plane));
    const feeds: TensorMap = { [inputs.image]: { type: 'float32', dims: [jobs.length, 3, size, size], data: images } };
    if (tokenizer !== undefined && inputs.text !== undefined) feeds[inputs.text] = tokenizer.encode(jobs.map((j) => j.phrase ?? ''));
    const { outputs } = await runModel(manifest, runner, feeds, { transfer: true });
    const grid = floatOutput(outputs, output, [jobs.length, cells, -1]);
    const channels = outputs[output].dims[2];
    if (channels < 5) throw modelError('MODEL_OUTPUT_INVALID', `${manifest.name}: grid has ${channels} channels, expected ≥ 5`);
    return jobs.map((job, i) => {
      const offset = i * cells * channels;
      const scores = job.closed !== undefined && layout !== undefined ? closedSetScores(grid, offset, channels, cells, layout, job.closed) : undefined;
      const found = decodeGrid(grid, offset, channels, decode, { ...operatingPoint, ...job.request.options, ...(scores !== undefined ? { scores } : {}) });
      return canvasToRoot(found, boxes[i]);
    });
  };
}

function modelId(model: LoadedModelManifest): string {
  return `${model.manifest.name}@${model.manifest.version}`;
}

/**
 * LOC for a manifest: the open-vocabulary student feeds the phrase tokens to its backbone; the
 * closed-set teacher scores cells through its adapter (objectness × class probabilities of the
 * phrase's colour and shape) and refuses phrases outside its label space.
 * @throws ModelError MANIFEST_INVALID when the manifest is not a loc model.
 */
export function createLocPredictor(model: LoadedModelManifest, runner: GraphRunner): LocPredictor {
  const { manifest } = model;
  if (manifest.module !== 'loc') throw modelError('MANIFEST_INVALID', `${manifest.name} is a ${manifest.module} model, not loc`);
  const run = createGridDetector(model, runner);
  const layout = (manifest.decode as GridDecode).classes;
  const closed = manifest.role === 'teacher' && layout !== undefined;
  const toJob = (r: LocateRequest): DetectJob => ({
    request: r,
    phrase: r.phrase,
    ...(closed ? { closed: parseClosedPhrase(r.phrase, layout) } : {}),
  });
  const canLocate = (phrase: string): boolean => {
    if (!closed) return true;
    try {
      parseClosedPhrase(phrase, layout);
      return true;
    } catch (error) {
      if (isModelError(error)) return false;
      throw error;
    }
  };
  return {
    module: 'loc',
    id: modelId(model),
    role: manifest.role,
    canLocate,
    locate: async (image, view, phrase, options) => (await run([toJob({ image, view, phrase, ...(options ? { options } : {}) })]))[0],
    locateMany: (requests) => run(requests.map(toJob)),
  };
}

/**
 * FACEDET for a manifest (student or teacher: both are plain grid detectors).
 * @throws ModelError MANIFEST_INVALID when the manifest is not a facedet model.
 */
export function createFacedetPredictor(model: LoadedModelManifest, runner: GraphRunner): FacedetPredictor {
  const { manifest } = model;
  if (manifest.module !== 'facedet') throw modelError('MANIFEST_INVALID', `${manifest.name} is a ${manifest.module} model, not facedet`);
  const run = createGridDetector(model, runner);
  const label = manifest.labels?.[0];
  const labelled = (found: Detection[][]): Detection[][] =>
    label === undefined ? found : found.map((list) => list.map((d) => ({ ...d, label })));
  return {
    module: 'facedet',
    id: modelId(model),
    role: manifest.role,
    detectFaces: async (image, view, options) => labelled(await run([{ request: { image, view, ...(options ? { options } : {}) } }]))[0],
    detectFacesMany: async (requests) => labelled(await run(requests.map((request) => ({ request })))),
  };
}
