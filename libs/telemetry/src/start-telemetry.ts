import type * as OtlpProto from '@opentelemetry/exporter-trace-otlp-proto';
import type * as InstrumentationGrpc from '@opentelemetry/instrumentation-grpc';
import type * as Resources from '@opentelemetry/resources';
import type * as SdkTraceBase from '@opentelemetry/sdk-trace-base';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type * as SdkTraceNode from '@opentelemetry/sdk-trace-node';
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
 * Starts OpenTelemetry tracing with gRPC instrumentation and vprog's exporters: the JSONL span file
 * (default on), OTLP over HTTP/protobuf when an OTLP endpoint is set (the exporter reads the
 * standard `OTEL_EXPORTER_OTLP_*` variables itself), and any extra exporters. The resource carries
 * `service.name` (from `OTEL_SERVICE_NAME`) and what `OTEL_RESOURCE_ATTRIBUTES`, the process and
 * the host say.
 *
 * Must run before `@grpc/grpc-js` is first required, so the instrumentation can patch it; use
 * `register.ts` with `node --require`. Returns undefined when `OTEL_SDK_DISABLED=true`.
 *
 * Only the trace SDK is loaded: vprog exports no metrics or logs through OpenTelemetry, and
 * `@opentelemetry/sdk-node` would load every exporter of all three signals (about two thousand
 * modules, over a second of start-up for each of the stack's ten processes). The packages are
 * required here, on call, not at module load, so libraries that import this package for
 * `withSpan` pay for none of it. The start has to stay synchronous (a `--require` preload cannot
 * await), hence `require` rather than `import()`.
 */
export function startTelemetry(options: StartTelemetryOptions = {}): Telemetry | undefined {
  const config = telemetryConfigFromEnv(options.env ?? process.env);
  if (config.disabled) return undefined;
  /* eslint-disable @typescript-eslint/no-require-imports -- lazy, synchronous SDK load; see above */
  const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node') as typeof SdkTraceNode;
  const { GrpcInstrumentation } = require('@opentelemetry/instrumentation-grpc') as typeof InstrumentationGrpc;
  const { BatchSpanProcessor, SimpleSpanProcessor } = require('@opentelemetry/sdk-trace-base') as typeof SdkTraceBase;
  const { defaultResource, detectResources, envDetector, hostDetector, processDetector, resourceFromAttributes } = require('@opentelemetry/resources') as typeof Resources;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const spanProcessors: SpanProcessor[] = [];
  if (config.traceFile !== undefined) spanProcessors.push(new SimpleSpanProcessor(new JsonlSpanExporter(config.traceFile)));
  if (config.otlp) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, as above
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto') as typeof OtlpProto;
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  }
  for (const exporter of options.extraExporters ?? []) spanProcessors.push(new SimpleSpanProcessor(exporter));
  const resource = defaultResource()
    .merge(detectResources({ detectors: [envDetector, processDetector, hostDetector] }))
    .merge(config.serviceName === undefined ? null : resourceFromAttributes({ 'service.name': config.serviceName }));
  const provider = new NodeTracerProvider({ resource, spanProcessors });
  // Registers the provider globally with the AsyncLocalStorage context manager and the W3C
  // trace-context and baggage propagators, which is what carries a trace across the services.
  provider.register();
  const grpc = new GrpcInstrumentation();
  grpc.setTracerProvider(provider);
  grpc.enable();
  return {
    config,
    shutdown: async () => {
      grpc.disable();
      await provider.shutdown();
    },
  };
}
