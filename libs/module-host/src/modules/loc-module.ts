import { failedPrecondition } from '@vprog/grpc-kit';
import { createLocPredictor, type Detection, type LocateRequest, type LocPredictor } from '@vprog/models';
import type { ModuleDefinition } from '../host/module-definition';

/**
 * The loc module for the host, shared by the loc student and its teacher sidecar: the predictor
 * comes from `@vprog/models`, a batch is one `locateMany` call (phrases may differ per request),
 * and a phrase the model cannot express (a teacher and a size word) is refused before queueing.
 */
export const LOC_MODULE: ModuleDefinition<LocPredictor, LocateRequest, Detection[]> = {
  module: 'loc',
  createPredictor: createLocPredictor,
  runBatch: (predictor, items) => predictor.locateMany(items),
  check(predictor, item) {
    if (!predictor.canLocate(item.phrase)) {
      throw failedPrecondition(`${predictor.id} cannot locate "${item.phrase}": a word is outside its label space`, {
        reason: 'OUTSIDE_LABEL_SPACE',
        metadata: { phrase: item.phrase },
      });
    }
  },
};
