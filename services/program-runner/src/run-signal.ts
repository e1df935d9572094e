/** A run's abort signal and how to release it. */
export interface RunSignal {
  readonly signal: AbortSignal;
  /** Stops the deadline timer; call when the run has ended. */
  dispose(): void;
}

/**
 * The signal a run executes under: it aborts when the Execute call is cancelled, and with a
 * `TimeoutError` when the run's deadline passes (the call's own deadline, or the runner's default
 * when the call has none), so the run ends as DEADLINE_EXCEEDED rather than CANCELLED. Throws nothing.
 */
export function runSignal(call: AbortSignal, deadline: Date): RunSignal {
  const controller = new AbortController();
  const expire = () => controller.abort(new DOMException('the run deadline passed', 'TimeoutError'));
  const timer = setTimeout(expire, Math.max(0, deadline.getTime() - Date.now()));
  timer.unref();
  const onCall = () => {
    const code = (call.reason as { code?: unknown } | undefined)?.code;
    if (code === 'DEADLINE_EXCEEDED') expire();
    else controller.abort(call.reason);
  };
  if (call.aborted) onCall();
  else call.addEventListener('abort', onCall, { once: true });
  return {
    signal: controller.signal,
    dispose() {
      clearTimeout(timer);
      call.removeEventListener('abort', onCall);
    },
  };
}
