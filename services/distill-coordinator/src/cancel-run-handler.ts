import { unary, type UnaryHandler } from '@vprog/grpc-kit';
import type { distill } from '@vprog/proto-ts';
import { encodeRun } from './codec';
import { requireRun } from './get-run-handler';
import type { RunManager } from './run-manager';
import type { RunStore } from './run-store';

/**
 * `CancelRun`: aborts the run's calls in flight, waits for it to stop (a promotion in progress is
 * finished first), discards the candidates it has not recorded and records CANCELLED.
 * @throws VprogError INVALID_ARGUMENT, NOT_FOUND; FAILED_PRECONDITION / RUN_ENDED for an ended run.
 */
export function cancelRunHandler(store: RunStore, manager: RunManager): UnaryHandler<distill.CancelRunRequest, distill.CancelRunResponse> {
  return unary(async (request) => {
    const run = requireRun(store, request.runId);
    const cancelled = await manager.cancel(run.runId);
    return { run: encodeRun(cancelled, store.steps(run.runId)) };
  });
}
