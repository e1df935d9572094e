import { createClient } from '@vprog/grpc-kit';
import { service as healthService } from 'grpc-health-check';

/** The overall-server entry of `grpc.health.v1`. */
const OVERALL = '';

/**
 * Asks a server's `grpc.health.v1.Health/Check` for a service's status, the way an orchestrator
 * would: resolves with the status name (`SERVING`, `NOT_SERVING`, ...).
 * @throws VprogError UNAVAILABLE when the server cannot be reached within `deadlineMs`; NOT_FOUND
 *   for a service the server does not track.
 */
export async function checkHealth(address: string, options: { readonly service?: string; readonly deadlineMs?: number } = {}): Promise<string> {
  const client = createClient(healthService, address, { defaultDeadlineMs: options.deadlineMs ?? 2_000 });
  try {
    const check = (client as unknown as { Check(request: { service: string }, options?: { retry?: false }): Promise<{ status: string | number }> }).Check;
    const response = await check({ service: options.service ?? OVERALL }, { retry: false });
    return String(response.status);
  } finally {
    client.$close();
  }
}

/**
 * Polls {@link checkHealth} until the server reports SERVING or `timeoutMs` passes; used by
 * `vprog up` and by tests that start services.
 * @throws Error naming the last status (or error) when the server is not SERVING in time.
 */
export async function waitForServing(address: string, options: { readonly timeoutMs?: number; readonly intervalMs?: number; readonly signal?: AbortSignal } = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (options.signal?.aborted) throw new Error(`stopped waiting for ${address}`);
    try {
      last = await checkHealth(address, { deadlineMs: Math.max(100, Math.min(2_000, deadline - Date.now())) });
      if (last === 'SERVING') return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
  throw new Error(`${address} did not become SERVING within ${options.timeoutMs ?? 60_000} ms (last: ${last})`);
}
