/**
 * `@vprog/grpc-kit`: how every vprog service serves and calls gRPC. Typed errors mapped to
 * `google.rpc.Status`, a small handler API with interceptors (request log, deadline, errors),
 * health and reflection, graceful shutdown, and typed clients with deadlines and retries.
 */
export { ERROR_CODES, KNOWN_REASONS, defaultReason, errorCodeOf, grpcStatusOf, isErrorCode, isValidReason } from './errors/error-codes';
export type { ErrorCode } from './errors/error-codes';
export { VPROG_ERROR_BRAND, VprogError, hasErrorCode, isVprogError } from './errors/vprog-error';
export type { FieldViolation, VprogErrorInit } from './errors/vprog-error';
export {
  aborted,
  alreadyExists,
  cancelled,
  dataLoss,
  deadlineExceeded,
  failedPrecondition,
  internal,
  invalidArgument,
  modelNotFound,
  notFound,
  outOfRange,
  permissionDenied,
  queueFull,
  resourceExhausted,
  unauthenticated,
  unavailable,
  unimplemented,
} from './errors/error-factories';
export type { ErrorOptions } from './errors/error-factories';
export { isDomainErrorLike, toVprogError } from './errors/to-vprog-error';
export type { DomainErrorLike } from './errors/to-vprog-error';
export { STATUS_DETAILS_KEY, decodeStatus, encodeStatus } from './errors/status-details';
export type { StatusDetails } from './errors/status-details';
export { decodeStatusDetails, fromServiceError, isServiceErrorLike, toStatusObject } from './errors/service-error';
export type { ServiceErrorLike } from './errors/service-error';

export { createJsonLogger, silentLogger } from './logging/logger';
export type { JsonLoggerOptions, LogFields, LogLevel, Logger } from './logging/logger';

export { parseServerConfig, serverConfigSchema } from './server/server-config';
export type { ServerConfig, ServerConfigInput } from './server/server-config';
export { clientStream, serverStream, unary } from './server/handlers';
export type { AnyHandler, ClientStreamHandler, HandlerKind, ServerStreamHandler, UnaryHandler } from './server/handlers';
export type { CallContext } from './server/call-context';
export { defineService } from './server/service-registration';
export type { HandlerFor, ServiceHandlers, ServiceRegistration } from './server/service-registration';
export { composeInterceptors } from './server/interceptor';
export type { CallInfo, Invoke, ServerInterceptor } from './server/interceptor';
export { requestLogInterceptor } from './server/request-log-interceptor';
export { errorInterceptor } from './server/error-interceptor';
export { deadlineInterceptor, raceAbort } from './server/deadline-interceptor';
export { adminAuthInterceptor, adminCredentials, type AdminAuthOptions } from './server/admin-auth-interceptor';
export { OVERALL_HEALTH, createHealth } from './server/health';
export type { HealthReporter } from './server/health';
export { HEALTH_SERVICE_NAME, addReflection, contractReflectionSource } from './server/reflection';
export type { ReflectionSource } from './server/reflection';
export { createServer, startServer } from './server/create-server';
export type { RunningServer, ServerOptions, VprogServer } from './server/create-server';
export { installShutdown } from './server/shutdown';
export { announceReady, isServiceReadyMessage, type ServiceReadyMessage } from './server/ready-message';
export type { InstallShutdownOptions, ShutdownTarget } from './server/shutdown';

export { createClient } from './client/create-client';
export type { ClientMethod, VprogClient } from './client/create-client';
export { DEFAULT_DEADLINE_MS, DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_RECEIVE_WINDOW_BYTES } from './client/client-options';
export type { CallOptions, ClientOptions } from './client/client-options';
export { DEFAULT_RETRY_POLICY, backoffDelayMs, retryUnavailable } from './client/retry';
export type { RetryOptions, RetryPolicy } from './client/retry';

export { waitFor } from './testing/wait-for';
