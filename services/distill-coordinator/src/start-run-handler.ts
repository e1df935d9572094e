import { randomUUID } from 'node:crypto';
import { failedPrecondition, invalidArgument, unary, type UnaryHandler } from '@vprog/grpc-kit';
import type { distill } from '@vprog/proto-ts';
import { encodeRun } from './codec';
import type { CoordinatorConfig } from './config';
import type { ClientPool } from './module-clients';
import { resolvePlan } from './plan';
import type { RunManager } from './run-manager';
import type { RunStore } from './run-store';

/** What StartRun needs. */
export interface StartRunDeps {
  readonly config: CoordinatorConfig;
  readonly store: RunStore;
  readonly clients: ClientPool;
  readonly manager: RunManager;
}

const MAX_REQUEST_ID = 200;

/**
 * `StartRun`: validates the plan, fills its defaults, stores the run (PENDING) and starts it in the
 * background. A second call with the same `request_id` returns the first run and starts nothing.
 * @throws VprogError INVALID_ARGUMENT / INVALID_PLAN with field violations; FAILED_PRECONDITION /
 *   RUNNER_NOT_CONFIGURED or MODULE_NOT_CONFIGURED when an address the plan needs is not configured.
 */
export function startRunHandler(deps: StartRunDeps): UnaryHandler<distill.StartRunRequest, distill.StartRunResponse> {
  return unary(async (request) => {
    if (request.requestId.length > MAX_REQUEST_ID) throw invalidArgument('the request id is too long', [{ field: 'request_id', description: `at most ${MAX_REQUEST_ID} characters` }]);
    const requestId = request.requestId.trim() === '' ? undefined : request.requestId;
    const plan = resolvePlan(request.plan);
    if (deps.config.runnerAddress === undefined) throw failedPrecondition('the program runner is not configured: set VPROG_COORDINATOR_RUNNER_ADDRESS', { reason: 'RUNNER_NOT_CONFIGURED' });
    for (const module of new Set(plan.targets.flatMap((t) => t.modules))) deps.clients.get(module);
    const { run, created } = deps.store.createRun({ runId: randomUUID(), ...(requestId === undefined ? {} : { requestId }), plan });
    if (created) deps.manager.start(run.runId);
    return { run: encodeRun(run, deps.store.steps(run.runId)) };
  });
}
