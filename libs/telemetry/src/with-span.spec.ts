import { SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { activeTraceId, setSpanAttributes, withSpan } from './with-span';

describe('withSpan', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

  beforeAll(() => provider.register());
  afterEach(() => exporter.reset());
  afterAll(() => provider.shutdown());

  it('makes the inner span a child of the outer one in the same trace, and returns the result', async () => {
    let innerTrace: string | undefined;
    const result = await withSpan('vprog.run', { 'vprog.run.id': 'r-1' }, () =>
      withSpan('execute_tool LOC', { 'vprog.op': 'LOC', 'vprog.cache.hit': undefined }, async () => {
        innerTrace = activeTraceId();
        setSpanAttributes({ 'vprog.model.version': '3' });
        return 42;
      }),
    );
    expect(result).toBe(42);
    const [inner, outer] = exporter.getFinishedSpans();
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect(inner?.spanContext().traceId).toBe(outer?.spanContext().traceId);
    expect(innerTrace).toBe(outer?.spanContext().traceId);
    expect(inner?.attributes).toEqual({ 'vprog.op': 'LOC', 'vprog.model.version': '3' });
  });

  it('records a failure with its code and reason, ends the span and rethrows the same error', async () => {
    const error = Object.assign(new Error('queue is full'), { code: 'RESOURCE_EXHAUSTED', reason: 'QUEUE_FULL' });
    await expect(withSpan('execute_tool VQA', {}, async () => Promise.reject(error))).rejects.toBe(error);
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'queue is full' });
    expect(span?.attributes).toEqual({ 'vprog.error.code': 'RESOURCE_EXHAUSTED', 'vprog.error.reason': 'QUEUE_FULL' });
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('has no active trace outside any span', () => {
    expect(activeTraceId()).toBeUndefined();
  });

  it('rejects attribute names outside vprog.* at compile time', async () => {
    // @ts-expect-error attribute names must start with "vprog."
    await withSpan('x', { 'op': 'LOC' }, () => undefined);
    expect(exporter.getFinishedSpans()).toHaveLength(1);
  });
});
