/**
 * For specs: resolves once `condition()` holds, checking every `intervalMs`; rejects with
 * "condition not met in time" after `timeoutMs`.
 */
export async function waitFor(condition: () => boolean, timeoutMs = 5000, intervalMs = 10): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
