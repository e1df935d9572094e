import { deadlineExceeded } from '../errors/error-factories';
import type { ServerInterceptor } from './interceptor';

/** setTimeout cannot wait longer than this (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Enforces the call's deadline on the server: when it passes, `ctx.signal` aborts with a
 * `DEADLINE_EXCEEDED` error and the call ends with that error at once, even if the handler
 * ignores the signal (its late result is dropped). Client cancellation ends the call the same way.
 */
export function deadlineInterceptor(): ServerInterceptor {
  return (next) => async (info) => {
    const { deadline, signal } = info.ctx;
    let timer: NodeJS.Timeout | undefined;
    if (deadline !== undefined) {
      const ms = Math.min(Math.max(0, deadline.getTime() - Date.now()), MAX_TIMER_MS);
      timer = setTimeout(() => info.abort(deadlineExceeded(`deadline of ${info.method} exceeded`)), ms);
    }
    try {
      return await raceAbort(next(info), signal);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
    }
  };
}

/** Settles with `work`, or rejects with the signal's reason as soon as it aborts. */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      work.catch(() => undefined);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
