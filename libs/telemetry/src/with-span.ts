import { SpanKind, SpanStatusCode, trace, type AttributeValue, type Span } from '@opentelemetry/api';
import { VPROG_ATTRIBUTES, type VprogAttributeName } from './attributes';

/**
 * This module imports `@opentelemetry/api` only, never the SDK: libraries can create spans
 * through it and they cost nothing (no-op spans) until a process starts the SDK.
 */

/** Attributes of a vprog span; names must start with `vprog.`. Undefined values are skipped. */
export type VprogAttributes = Readonly<Partial<Record<VprogAttributeName, AttributeValue | undefined>>>;

/** The tracer name of vprog's own spans. */
export const VPROG_TRACER_NAME = 'vprog';

/** Options of {@link withSpan}. */
export interface WithSpanOptions {
  /** Defaults to INTERNAL. */
  readonly kind?: SpanKind;
  /** Defaults to {@link VPROG_TRACER_NAME}. */
  readonly tracerName?: string;
}

/**
 * Runs `fn` inside a new active span (a child of the current one), ends the span when `fn`
 * settles, and records a failure on it: the exception event, status ERROR, and the error's
 * `code`/`reason` as `vprog.error.code`/`vprog.error.reason` when it has them.
 *
 * @throws whatever `fn` throws, unchanged.
 */
export async function withSpan<T>(name: string, attributes: VprogAttributes, fn: (span: Span) => Promise<T> | T, options: WithSpanOptions = {}): Promise<T> {
  const tracer = trace.getTracer(options.tracerName ?? VPROG_TRACER_NAME);
  return tracer.startActiveSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: defined(attributes) }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      recordFailure(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Adds vprog attributes to the active span, if there is one (e.g. the model version once known). */
export function setSpanAttributes(attributes: VprogAttributes): void {
  trace.getActiveSpan()?.setAttributes(defined(attributes));
}

/** The trace id of the active span, or undefined outside any span; stored with run records to find traces later. */
export function activeTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context === undefined || !trace.isSpanContextValid(context) ? undefined : context.traceId;
}

/**
 * Flushes spans buffered by the SDK (if one was started), e.g. in a service's shutdown hook
 * before the process exits. Resolves at once when no SDK is running.
 */
export async function flushTelemetry(): Promise<void> {
  const provider = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const delegate = (provider.getDelegate?.() ?? provider) as { forceFlush?: () => Promise<void> };
  await delegate.forceFlush?.();
}

function recordFailure(span: Span, error: unknown): void {
  const asError = error instanceof Error ? error : new Error(String(error));
  span.recordException(asError);
  span.setStatus({ code: SpanStatusCode.ERROR, message: asError.message });
  const { code, reason } = error as { code?: unknown; reason?: unknown };
  if (typeof code === 'string') span.setAttribute(VPROG_ATTRIBUTES.ERROR_CODE, code);
  if (typeof reason === 'string') span.setAttribute(VPROG_ATTRIBUTES.ERROR_REASON, reason);
}

function defined(attributes: VprogAttributes): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = value;
  return out;
}
