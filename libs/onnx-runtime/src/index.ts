/**
 * @vprog/onnx-runtime — the only place that imports onnxruntime-node. Models run in pools of worker
 * threads (never on the main event loop); requests may be batched; errors are typed plain data.
 */
export { concatBatch, runBatched, splitBatch, type BatchLayout, type ConcatenatedBatch } from './batching';
export {
  EXECUTION_PROVIDERS,
  parseRuntimeOptions,
  runtimeOptionsSchema,
  type ExecutionProvider,
  type RuntimeOptions,
  type RuntimeOptionsInput,
} from './config';
export {
  isRuntimeError,
  runtimeError,
  type RuntimeError,
  type RuntimeErrorCode,
  type RuntimeErrorData,
  type RuntimeErrorReason,
} from './errors';
export { stderrLogger, type RuntimeLogger } from './logger';
export { loadModel, type LoadedModel, type LoadModelOptions, type RunOptions } from './model-pool';
export { verifyModelFiles, type GraphFile, type ModelSpec } from './model-spec';
export {
  allocateArray,
  float32Tensor,
  int64Tensor,
  tensorSize,
  type TensorArray,
  type TensorData,
  type TensorMap,
  type TensorType,
} from './tensor';
export type { GraphInfo, ValueInfo } from './worker/protocol';
