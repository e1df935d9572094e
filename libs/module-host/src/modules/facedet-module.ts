import { createFacedetPredictor, type Detection, type DetectFacesRequest, type FacedetPredictor } from '@vprog/models';
import type { ModuleDefinition } from '../host/module-definition';

/** The facedet module for the host (student and teacher): one `detectFacesMany` call per batch. */
export const FACEDET_MODULE: ModuleDefinition<FacedetPredictor, DetectFacesRequest, Detection[]> = {
  module: 'facedet',
  createPredictor: createFacedetPredictor,
  runBatch: (predictor, items) => predictor.detectFacesMany(items),
};
