/**
 * The vendored `google.rpc` error model in one module, so that `index.ts` can expose it as one
 * namespace (`rpc`). The three generated files each export `protobufPackage` and
 * `protobufFileName`, so they are re-exported by name rather than with `export *`.
 */
export { Code, codeFromJSON, codeToJSON } from './gen/google/rpc/code';
export {
  BadRequest,
  BadRequest_FieldViolation,
  DebugInfo,
  ErrorInfo,
  Help,
  Help_Link,
  LocalizedMessage,
  PreconditionFailure,
  PreconditionFailure_Violation,
  QuotaFailure,
  QuotaFailure_Violation,
  RequestInfo,
  ResourceInfo,
  RetryInfo,
} from './gen/google/rpc/error_details';
export { Status, protobufPackage } from './gen/google/rpc/status';
