/**
 * `@vprog/trace-store` — every step of every program run in SQLite (WAL), with input images in a
 * content-addressed blob folder; what the distillation coordinator reads its module calls from.
 * Transport-free: the gRPC layer maps its typed errors to `google.rpc.Status`.
 */
export { openTraceStore, type TraceStore } from './trace-store';
export type { RetentionOptions, TraceStoreOptions } from './store-options';
export {
  isTraceStoreError,
  traceStoreError,
  TRACE_STORE_REASONS,
  type TraceStoreError,
  type TraceStoreErrorCode,
  type TraceStoreErrorData,
  type TraceStoreErrorReason,
} from './trace-error';
export { MODULE_OPS } from './step-inputs';
export { MAX_PAGE } from './trace-queries';
export { SCHEMA_VERSION } from './schema';
export type {
  ListRunsQuery,
  ModelRef,
  ModuleCall,
  ModuleCallInput,
  ModuleCallOutput,
  ModuleCallsQuery,
  ModuleOp,
  NewRun,
  RetentionReport,
  RunInput,
  RunOutcome,
  RunStatus,
  StepInputImage,
  StepToRecord,
  StoredInput,
  TraceErrorData,
  TraceRun,
  TraceRunWithSteps,
  TraceStep,
} from './trace-types';
