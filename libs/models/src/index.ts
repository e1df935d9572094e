/**
 * @vprog/models — everything between pixels/text and a model's tensors, for every module and role:
 * manifests, preprocessing, tokenizer, decoding, teacher adapters and module predictors. Pure
 * TypeScript: models run through an injected {@link GraphRunner}; onnxruntime stays in
 * `@vprog/onnx-runtime`.
 */
export { canvasToRoot, decodeGrid, DEFAULT_MAX_BOXES, DEFAULT_SCORE_THRESHOLD, type CanvasDetection, type GridDecodeOptions } from './decode/grid-decode';
export { greedyNms, iou } from './decode/nms';
export { argmax, sigmoid, softmax, topK } from './decode/softmax';
export { isModelError, modelError, type ModelError, type ModelErrorCode, type ModelErrorReason } from './errors';
export { compareGolden, goldenFeeds, type GoldenComparison } from './golden/run-golden';
export { fullRect, rectFromTuple, type Detection, type Rect, type RgbImage } from './image';
export { discoverManifests, type ManifestLocation } from './manifest/discover-manifests';
export { loadManifest, parseManifest, type LoadedManifest } from './manifest/load-manifest';
export { graphInputs, graphOutputs, isHeadSplit, manifestProblems } from './manifest/manifest-rules';
export {
  manifestSchema,
  type GoldenCase,
  type GridDecode,
  type Manifest,
  type ModelRole,
  type ModuleName,
  type PreprocessSpec,
  type TokenizerSpec,
} from './manifest/manifest-schema';
export { averagePrecision, matchDetections, type ScoredHit } from './metrics/average-precision';
export { createClassifyPredictor } from './predictors/classify-predictor';
export { createPredictor } from './predictors/create-predictor';
export { createFacedetPredictor, createLocPredictor } from './predictors/detector-predictor';
export type { LoadedModelManifest } from './predictors/loaded-manifest';
export { entryGraph, entryInputs, finalGraph, finalOutputName, runModel, type ModelRun } from './predictors/run-model';
export type {
  AnswerRequest,
  BoxClassification,
  ClassifyPredictor,
  ClassifyRequest,
  DetectFacesRequest,
  DetectOptions,
  FacedetPredictor,
  LocPredictor,
  LocateRequest,
  ModulePredictor,
  PredictorBase,
  VqaAnswer,
  VqaPredictor,
} from './predictors/types';
export { createVqaPredictor, DEFAULT_TOP_K, type VqaPredictorOptions } from './predictors/vqa-predictor';
export { cropResize, paddedBox, resizeView } from './preprocess/crop-resize';
export { clampRect, cropToFloat, roundHalfUp } from './preprocess/crop-float';
export { resizeBilinear } from './preprocess/bilinear';
export { letterbox, type Letterboxed } from './preprocess/letterbox';
export { createClassifyTeacherAdapter, type ClassifyTeacherAdapter } from './teachers/classify-teacher-adapter';
export { closedSetScores, parseClosedPhrase, type ClosedPhrase, type ClosedSetLayout } from './teachers/loc-teacher-adapter';
export { ANSWERS_BY_KIND, questionKind, restrictToQuestionKind, supportedKinds, type QuestionKind } from './teachers/question-kind';
export { createVqaTeacherAdapter, type VqaTeacherAdapter } from './teachers/vqa-teacher-adapter';
export { floatOutput, type ChainRunner, type GraphRunOptions, type GraphRunner, type Tensor, type TensorMap } from './tensor';
export { createTokenizer, splitWords, type Tokenizer } from './text/tokenizer';
export { CATEGORY_GROUPS, createClassifyAccumulator } from './evaluation/classify-accumulator';
export { createAccumulator } from './evaluation/create-accumulator';
export { createFacedetAccumulator, createLocAccumulator } from './evaluation/detection-accumulator';
export type { EvalSample, MetricAccumulator, MetricValue } from './evaluation/metric-accumulator';
export { createVqaAccumulator } from './evaluation/vqa-accumulator';
export {
  encodeAnswersTarget,
  encodeCategoriesTarget,
  encodeDistribution,
  encodeGridTarget,
  GRID_TARGET_CHANNELS,
  type CanvasGeometry,
  type ModuleTarget,
  type ScoredLabel,
} from './distill/distill-targets';
export { contentHash, headFeedsBytes, headTensor, sliceRows, type HeadFeeds, type HeadTensor } from './distill/head-tensors';
export { prepareModuleInput, type ModuleRequest, type PreparedPixels } from './distill/prepare-input';
export { createTrainingView, type HeadLossSpec, type PreparedInput, type TrainingView } from './distill/training-view';
