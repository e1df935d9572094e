import type { GraphRunner } from '../tensor';
import { createClassifyPredictor } from './classify-predictor';
import { createFacedetPredictor, createLocPredictor } from './detector-predictor';
import type { LoadedModelManifest } from './loaded-manifest';
import type { ModulePredictor } from './types';
import { createVqaPredictor, type VqaPredictorOptions } from './vqa-predictor';

/**
 * The predictor for whatever module a manifest serves (student or teacher), so callers that
 * handle any model — the CLI's zoo eval, the latency bench — need no switch of their own.
 * @throws ModelError MANIFEST_INVALID when the manifest does not fit its module's contract.
 */
export function createPredictor(model: LoadedModelManifest, runner: GraphRunner, options: VqaPredictorOptions = {}): ModulePredictor {
  switch (model.manifest.module) {
    case 'loc':
      return createLocPredictor(model, runner);
    case 'facedet':
      return createFacedetPredictor(model, runner);
    case 'classify':
      return createClassifyPredictor(model, runner);
    case 'vqa':
      return createVqaPredictor(model, runner, options);
  }
}
