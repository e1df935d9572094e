import { invalidArgument, unavailable } from '../errors/error-factories';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, retryUnavailable } from './retry';

const fast = { maxAttempts: 4, initialBackoffMs: 4, maxBackoffMs: 8, multiplier: 2 };

describe('backoffDelayMs', () => {
  it('draws from a window that doubles per retry and stops at the maximum', () => {
    expect(backoffDelayMs(1, DEFAULT_RETRY_POLICY, () => 0.999)).toBe(99);
    expect(backoffDelayMs(2, DEFAULT_RETRY_POLICY, () => 0.999)).toBe(199);
    expect(backoffDelayMs(3, DEFAULT_RETRY_POLICY, () => 0.5)).toBe(200);
    expect(backoffDelayMs(10, DEFAULT_RETRY_POLICY, () => 0.999)).toBe(1998);
    expect(backoffDelayMs(3, DEFAULT_RETRY_POLICY, () => 0)).toBe(0);
  });
});

describe('retryUnavailable', () => {
  it('retries UNAVAILABLE until an attempt succeeds', async () => {
    let calls = 0;
    const result = await retryUnavailable(async () => {
      calls++;
      if (calls < 3) throw unavailable('down');
      return 'ok';
    }, { policy: fast });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry any other code', async () => {
    let calls = 0;
    await expect(
      retryUnavailable(async () => {
        calls++;
        throw invalidArgument('bad');
      }, { policy: fast }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(calls).toBe(1);
  });

  it('stops after maxAttempts and throws the last failure', async () => {
    let calls = 0;
    await expect(
      retryUnavailable(async () => {
        calls++;
        throw unavailable(`down ${calls}`);
      }, { policy: { ...fast, maxAttempts: 3 } }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', message: 'down 3' });
    expect(calls).toBe(3);
  });

  it('does not start a retry whose backoff would end past the deadline', async () => {
    let calls = 0;
    const slow = { maxAttempts: 5, initialBackoffMs: 10_000, maxBackoffMs: 10_000, multiplier: 1 };
    await expect(
      retryUnavailable(async () => {
        calls++;
        throw unavailable('down');
      }, { policy: slow, deadline: new Date(Date.now() + 100), random: () => 0.5 }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(calls).toBe(1);
  });

  it('ends the wait with CANCELLED when the signal aborts', async () => {
    const controller = new AbortController();
    const slow = { maxAttempts: 5, initialBackoffMs: 10_000, maxBackoffMs: 10_000, multiplier: 1 };
    const pending = retryUnavailable(async () => {
      throw unavailable('down');
    }, { policy: slow, signal: controller.signal, random: () => 0.9 });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
