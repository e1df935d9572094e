import { cancelled } from '../errors/error-factories';
import { toVprogError } from '../errors/to-vprog-error';

/** How a client retries calls that failed with `UNAVAILABLE` (and nothing else). */
export interface RetryPolicy {
  /** Attempts in total, the first one included; 1 turns retries off. */
  readonly maxAttempts: number;
  /** Upper bound of the first backoff. */
  readonly initialBackoffMs: number;
  /** Upper bound of any backoff. */
  readonly maxBackoffMs: number;
  /** Growth of the upper bound per attempt. */
  readonly multiplier: number;
}

/** Four attempts, backoffs drawn from [0, 100 ms], [0, 200 ms], [0, 400 ms] (capped at 2 s). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, initialBackoffMs: 100, maxBackoffMs: 2_000, multiplier: 2 };

/**
 * The wait before retry number `retry` (1 for the first retry): "full jitter", a uniform draw
 * from [0, min(maxBackoff, initial · multiplier^(retry−1))], as gRPC's own retry design does, so
 * clients that failed together do not come back together.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.multiplier ** Math.max(0, retry - 1));
  return Math.floor(random() * cap);
}

/** Options of {@link retryUnavailable}. */
export interface RetryOptions {
  readonly policy?: RetryPolicy;
  /** Stops retrying (and waiting) when aborted. */
  readonly signal?: AbortSignal;
  /** No retry starts when its backoff would end past this instant. */
  readonly deadline?: Date;
  readonly random?: () => number;
  /** Called before each retry; for logs and tests. */
  readonly onRetry?: (attempt: number, delayMs: number, error: Error) => void;
}

/**
 * Runs `attempt` until it succeeds, retrying only failures whose code is `UNAVAILABLE`, with
 * jittered exponential backoff, within the attempt budget and the deadline.
 *
 * @throws VprogError the last failure (mapped with `toVprogError`), or `CANCELLED` when the signal aborts while waiting.
 */
export async function retryUnavailable<T>(attempt: (attemptNumber: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (thrown) {
      const error = toVprogError(thrown);
      if (error.code !== 'UNAVAILABLE' || n >= policy.maxAttempts || options.signal?.aborted === true) throw error;
      const delay = backoffDelayMs(n, policy, options.random);
      if (options.deadline !== undefined && Date.now() + delay >= options.deadline.getTime()) throw error;
      options.onRetry?.(n + 1, delay, error);
      await sleep(delay, options.signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(cancelled('call cancelled while waiting to retry'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelled('call cancelled while waiting to retry'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
