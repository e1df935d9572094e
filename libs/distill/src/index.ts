export { decideGate, pairedStandardError, pairedStandardErrorIfPaired, type GateComparison, type GateThresholds, type GateVerdict, type TaskMeasurement } from './gate';
export {
  DISTILL_REASONS,
  distillError,
  isDistillError,
  type DistillError,
  type DistillErrorCode,
  type DistillErrorReason,
} from './distill-error';
export type { FloatTensor } from './float-tensor';
export { readHeadModel, writeHeadModel, type HeadModel } from './onnx-head';
export type { HeadNode, HeadAttribute } from './head-node';
export type { HeadConstant } from './tensor-proto';
export { runHead } from './tf-graph';
export { ensureTfBackend, type TfBackendName } from './tf-backend';
export type { TrainingExample } from './training-data';
export type { HeadLoss, TrainOptions } from './train-options';
export { trainHead, type HeadCandidate, type LossPoint, type TrainHooks, type TrainResult } from './head-trainer';
export { trainHeadInWorker } from './train-head-in-worker';
export { interpolateWeights } from './wise-ft';
