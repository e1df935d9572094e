import { SpanKind, SpanStatusCode, type AttributeValue, type HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** One finished span as a plain JSON object: one line of the trace file. */
export interface SpanRecord {
  readonly traceId: string;
  readonly spanId: string;
  /** Absent for a root span. */
  readonly parentSpanId?: string;
  readonly name: string;
  readonly kind: 'INTERNAL' | 'SERVER' | 'CLIENT' | 'PRODUCER' | 'CONSUMER';
  /** ISO-8601, millisecond precision. */
  readonly startTime: string;
  readonly endTime: string;
  /** Exact start, nanoseconds since the epoch, as a decimal string (orders spans within a millisecond). */
  readonly startTimeUnixNano: string;
  readonly durationMs: number;
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly status: { readonly code: 'UNSET' | 'OK' | 'ERROR'; readonly message?: string };
  readonly events: readonly { readonly name: string; readonly time: string; readonly attributes: Readonly<Record<string, AttributeValue>> }[];
  /** `service.name` of the process that recorded the span. */
  readonly service?: string;
  /** The instrumentation scope (tracer name), e.g. `vprog` or `@opentelemetry/instrumentation-grpc`. */
  readonly scope?: string;
}

const KINDS: Record<number, SpanRecord['kind']> = {
  [SpanKind.INTERNAL]: 'INTERNAL',
  [SpanKind.SERVER]: 'SERVER',
  [SpanKind.CLIENT]: 'CLIENT',
  [SpanKind.PRODUCER]: 'PRODUCER',
  [SpanKind.CONSUMER]: 'CONSUMER',
};

const STATUSES: Record<number, SpanRecord['status']['code']> = {
  [SpanStatusCode.UNSET]: 'UNSET',
  [SpanStatusCode.OK]: 'OK',
  [SpanStatusCode.ERROR]: 'ERROR',
};

/** Converts an SDK span into its {@link SpanRecord}. */
export function toSpanRecord(span: ReadableSpan): SpanRecord {
  const context = span.spanContext();
  const parent = span.parentSpanContext?.spanId;
  const service = span.resource.attributes['service.name'];
  return {
    traceId: context.traceId,
    spanId: context.spanId,
    ...(parent === undefined ? {} : { parentSpanId: parent }),
    name: span.name,
    kind: KINDS[span.kind] ?? 'INTERNAL',
    startTime: isoOf(span.startTime),
    endTime: isoOf(span.endTime),
    startTimeUnixNano: nanosOf(span.startTime),
    durationMs: span.duration[0] * 1e3 + span.duration[1] / 1e6,
    attributes: { ...span.attributes } as Record<string, AttributeValue>,
    status: { code: STATUSES[span.status.code] ?? 'UNSET', ...(span.status.message === undefined ? {} : { message: span.status.message }) },
    events: span.events.map((e) => ({ name: e.name, time: isoOf(e.time), attributes: { ...(e.attributes ?? {}) } as Record<string, AttributeValue> })),
    ...(typeof service === 'string' ? { service } : {}),
    scope: span.instrumentationScope.name,
  };
}

function isoOf(time: HrTime): string {
  return new Date(time[0] * 1e3 + Math.floor(time[1] / 1e6)).toISOString();
}

function nanosOf(time: HrTime): string {
  return (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
}
