/**
 * The VisProg DSL: parse program text into a typed AST, validate it against the step catalogue,
 * evaluate the safe EVAL language, and execute a program as a DAG against a {@link ModuleBackend}.
 */
export type { Argument, ArgValue, ListValue, NumberValue, Position, Program, Step, StringValue, VariableValue } from './dsl/ast';
export { parseProgram } from './dsl/parser';
export {
  isErrorCode,
  isProgramError,
  ProgramError,
  toErrorData,
  type ErrorCode,
  type FieldViolation,
  type ProgramErrorData,
  type ProgramErrorReason,
} from './errors';
export type { EvalNode, Primitive } from './eval/eval-ast';
export { parseExpression } from './eval/eval-parser';
export { evaluateExpression } from './eval/evaluate-expression';
export { expressionReferences, type ExpressionReference } from './eval/references';
export {
  DEFAULT_CONCURRENCY,
  type ExecuteOptions,
  type ExecutionResult,
  type StepEvent,
  type StepInfo,
  type StepInterceptor,
  type StepRecord,
} from './executor/execution-types';
export type { ModuleCallReport, ReportedModel, ScoredLabel, SoftOutput } from './executor/module-report';
export { executeProgram } from './executor/execute-program';
export { planProgram, type ExecutionPlan } from './executor/plan';
export type { ValueSummary } from './executor/summarise';
export { rationaleJson, renderRationaleHtml, type RationaleDocument, type RationaleError, type RationaleImage, type RationaleInput, type RationaleStep } from './rationale';
export { findStep, knownOps, STEP_MODULES } from './steps/catalogue';
export { CROP_PADDING } from './steps/crop';
export { CROP_GEOMETRY, relativeRect, type CropDirection } from './steps/crop-relative';
export { centre } from './steps/geometry';
export { REGION_WORDS, regionBox } from './steps/loc';
export type { ArgSpec, Rationale, ResolvedArg, ResolvedArgs, StepContext, StepModule, ValueType } from './steps/step';
export { validateProgram } from './validate/validate-program';
export { inferInputs } from './validate/infer-inputs';
export { issueCode, programIssues, type ProgramIssue } from './validate/program-issues';
export * from './generators';
export type { BoxesValue, CallOptions, Detection, ImageValue, ModuleBackend, Rect, TagsValue, Value } from './values';
