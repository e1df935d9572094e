import { isTraceStoreError, traceStoreError, TRACE_STORE_REASONS } from './trace-error';

describe('trace store errors', () => {
  it('carry the code that belongs to their reason and survive a JSON round trip', () => {
    const error = traceStoreError('DATABASE_CORRUPT', 'trace.db is damaged', { path: '/x/trace.db' });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code: 'DATA_LOSS', reason: 'DATABASE_CORRUPT', metadata: { path: '/x/trace.db' } });
    const copy = JSON.parse(JSON.stringify({ code: error.code, reason: error.reason, message: error.message }));
    expect(isTraceStoreError(copy)).toBe(true);
  });

  it('are told apart from other errors and from a reason paired with the wrong code', () => {
    expect(isTraceStoreError(new Error('x'))).toBe(false);
    expect(isTraceStoreError({ code: 'NOT_FOUND', reason: 'DATABASE_CORRUPT', message: 'x' })).toBe(false);
    expect(isTraceStoreError({ code: 'NOT_FOUND', reason: 'NO_SUCH_REASON', message: 'x' })).toBe(false);
    expect(isTraceStoreError(null)).toBe(false);
    for (const reason of Object.keys(TRACE_STORE_REASONS) as Array<keyof typeof TRACE_STORE_REASONS>) {
      expect(isTraceStoreError(traceStoreError(reason, 'm'))).toBe(true);
    }
  });
});
