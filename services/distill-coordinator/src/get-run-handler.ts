import { invalidArgument, notFound, unary, type UnaryHandler } from '@vprog/grpc-kit';
import type { distill } from '@vprog/proto-ts';
import { encodeRun } from './codec';
import type { RunRecord, RunStore } from './run-store';

/**
 * Reads a run by the id of a request, for every handler that takes one.
 * @throws VprogError INVALID_ARGUMENT without an id; NOT_FOUND / RUN_NOT_FOUND for an unknown one.
 */
export function requireRun(store: RunStore, runId: string): RunRecord {
  if (runId.trim() === '') throw invalidArgument('a run id is required', [{ field: 'run_id', description: 'is required' }]);
  const run = store.getRun(runId.trim());
  if (run === undefined) throw notFound(`no run ${runId}`, { reason: 'RUN_NOT_FOUND', metadata: { runId } });
  return run;
}

/**
 * `GetRun`: the run's state, plan and recorded decisions.
 * @throws VprogError INVALID_ARGUMENT, NOT_FOUND (see {@link requireRun}).
 */
export function getRunHandler(store: RunStore): UnaryHandler<distill.GetRunRequest, distill.GetRunResponse> {
  return unary(async (request) => {
    const run = requireRun(store, request.runId);
    return { run: encodeRun(run, store.steps(run.runId)) };
  });
}
