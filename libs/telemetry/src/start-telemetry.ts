import type * as OtlpProto from '@opentelemetry/exporter-trace-otlp-proto';
import type * as InstrumentationGrpc from '@opentelemetry/instrumentation-grpc';
import type * as SdkNode from '@opentelemetry/sdk-node';
import type * as SdkTraceBase from '@opentelemetry/sdk-trace-base';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { JsonlSpanExporter } from './jsonl-span-exporter';
import { telemetryConfigFromEnv, type TelemetryConfig } from './telemetry-config';

/** Options of {@link startTelemetry}. */
export interface StartTelemetryOptions {
  /** Defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** More exporters, each behind a simple (unbatched) processor; tests pass an in-memory one. */
  readonly extraExporters?: readonly SpanExporter[];
}

/** A started SDK. */
export interface Telemetry {
  readonly config: TelemetryConfig;
  /** Flushes every exporter and stops the SDK. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry NodeSDK with gRPC instrumentation and vprog's exporters: the JSONL
 * span file (default on), OTLP over HTTP/protobuf when an OTLP endpoint is set (the exporter
 * reads the standard `OTEL_EXPORTER_OTLP_*` variables itself), and any extra exporters.
 *
 * Must run before `@grpc/grpc-js` is first required, so the instrumentation can patch it; use
 * `register.ts` with `node --require`. Returns undefined when `OTEL_SDK_DISABLED=true`.
 *
 * The SDK packages are required here, on call, not at module load: `@opentelemetry/sdk-node`
 * pulls in about two thousand modules, and libraries that import this package for `withSpan`
 * must not pay for that. The start has to stay synchronous (a `--require` preload cannot await),
 * hence `require` rather than `import()`.
 */
export function startTelemetry(options: StartTelemetryOptions = {}): Telemetry | undefined {
  const config = telemetryConfigFromEnv(options.env ?? process.env);
  if (config.disabled) return undefined;
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy, synchronous SDK load; see above */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof SdkNode;
  const { GrpcInstrumentation } = require('@opentelemetry/instrumentation-grpc') as typeof InstrumentationGrpc;
  const { BatchSpanProcessor, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof SdkTraceBase;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const spanProcessors: SpanProcessor[] = [];
  if (config.traceFile !== undefined) spanProcessors.push(new SimpleSpanProcessor(new JsonlSpanExporter(config.traceFile)));
  if (config.otlp) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, as above
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto') as typeof OtlpProto;
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  }
  for (const exporter of options.extraExporters ?? []) spanProcessors.push(new SimpleSpanProcessor(exporter));
  const sdk = new NodeSDK({
    ...(config.serviceName === undefined ? {} : { serviceName: config.serviceName }),
    instrumentations: [new GrpcInstrumentation()],
    spanProcessors,
  });
  sdk.start();
  return { config, shutdown: () => sdk.shutdown() };
}
