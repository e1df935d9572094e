import { failedPrecondition } from '@vprog/grpc-kit';
import { createClassifyPredictor, type BoxClassification, type ClassifyPredictor, type ClassifyRequest } from '@vprog/models';
import type { ModuleDefinition } from '../host/module-definition';

/**
 * The classify module for the host (student and teacher): one `classifyMany` call per batch
 * (requests with the same categories share one model run); categories a teacher does not know
 * are refused before queueing.
 */
export const CLASSIFY_MODULE: ModuleDefinition<ClassifyPredictor, ClassifyRequest, BoxClassification[]> = {
  module: 'classify',
  createPredictor: createClassifyPredictor,
  runBatch: (predictor, items) => predictor.classifyMany(items),
  check(predictor, item) {
    if (!predictor.canClassify(item.categories)) {
      throw failedPrecondition(`${predictor.id} cannot score the categories [${item.categories.join(', ')}]: outside its label space`, {
        reason: 'OUTSIDE_LABEL_SPACE',
        metadata: { categories: item.categories.join(',') },
      });
    }
  },
};
