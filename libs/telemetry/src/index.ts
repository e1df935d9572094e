/**
 * `@vprog/telemetry`: OpenTelemetry wiring for vprog. Libraries use only the API-level helpers
 * (`withSpan`, `setSpanAttributes`, `VPROG_ATTRIBUTES`), whose module imports nothing but
 * `@opentelemetry/api`; processes start the SDK with `register.ts`; `vprog trace` reads the
 * JSONL span file back with the trace reader.
 */
export { VPROG_ATTRIBUTES } from './attributes';
export type { VprogAttributeName } from './attributes';
export { VPROG_TRACER_NAME, activeTraceId, flushTelemetry, setSpanAttributes, withSpan } from './with-span';
export type { VprogAttributes, WithSpanOptions } from './with-span';
export { toSpanRecord } from './span-record';
export type { SpanRecord } from './span-record';
export { JsonlSpanExporter } from './jsonl-span-exporter';
export { buildTraceTree, loadRunTraces, parseSpanLine, readSpanFile, traceIdsOfRun } from './trace-reader';
export type { SpanNode } from './trace-reader';
export { DEFAULT_TRACE_FILE, telemetryConfigFromEnv } from './telemetry-config';
export type { TelemetryConfig } from './telemetry-config';
export { startTelemetry } from './start-telemetry';
export type { StartTelemetryOptions, Telemetry } from './start-telemetry';
