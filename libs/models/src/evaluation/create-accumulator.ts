import type { ModuleItem } from '@vprog/world';
import type { ModulePredictor } from '../predictors/types';
import { createClassifyAccumulator } from './classify-accumulator';
import { createFacedetAccumulator, createLocAccumulator } from './detection-accumulator';
import type { MetricAccumulator } from './metric-accumulator';
import { createVqaAccumulator } from './vqa-accumulator';

/**
 * The metric accumulator of a predictor's module: AP50 for loc and facedet, accuracy for classify
 * and vqa. Items must be the module's own dataset items.
 */
export function createAccumulator(predictor: ModulePredictor): MetricAccumulator<ModuleItem> {
  switch (predictor.module) {
    case 'loc':
      return createLocAccumulator(predictor) as MetricAccumulator<ModuleItem>;
    case 'facedet':
      return createFacedetAccumulator(predictor) as MetricAccumulator<ModuleItem>;
    case 'classify':
      return createClassifyAccumulator(predictor) as MetricAccumulator<ModuleItem>;
    case 'vqa':
      return createVqaAccumulator(predictor) as MetricAccumulator<ModuleItem>;
  }
}
