import { randomUUID } from 'node:crypto';
import { serverStream } from '@vprog/grpc-kit';
import type { runner } from '@vprog/proto-ts';
import { resultResponse } from './codec';
import { createEventChannel } from './event-channel';
import { decodeExecuteRequest } from './execute-request';
import { runProgram, type RunnerDeps } from './run-program';

/**
 * `Execute`: decodes the request, runs it (see `runProgram`) and streams a `step_started` and a
 * `step_finished` event per step as they happen, then the `result`. A failed run ends the stream
 * with its typed status after the failing step's event. When the client cancels (or its deadline
 * passes), the run's signal aborts and so do its in-flight module calls.
 */
export function executeHandler(deps: RunnerDeps) {
  return serverStream<runner.ExecuteRequest, runner.ExecuteResponse>(async function* (request, ctx) {
    const plan = decodeExecuteRequest(request, deps.config.maxImagePixels);
    const runId = randomUUID();
    const deadline = ctx.deadline ?? new Date(Date.now() + deps.config.runTimeoutMs);
    const events = createEventChannel<runner.ExecuteResponse>();
    const run = runProgram(deps, plan, { runId, deadline, signal: ctx.signal, emit: (event) => events.push(event) }).finally(() => events.close());
    // If the stream stops early (the client went away), nobody awaits the run; its failure is expected then.
    run.catch(() => undefined);
    yield* events.drain();
    yield resultResponse(runId, await run);
  });
}
