import { clientStream, failedPrecondition, resourceExhausted, type ClientStreamHandler } from '@vprog/grpc-kit';
import type { model } from '@vprog/proto-ts';
import type * as RunDistill from '../distill/run-distill';
import type { DistillDeps } from '../distill/run-distill';

/**
 * `ModelService.Distill`: trains candidate heads of a student from a stream of examples while
 * the service keeps serving (training runs in a worker; backbone features come from the
 * service's own workers in small batches that interleave with requests). One call at a time per
 * service; a teacher sidecar does not distill.
 * @throws VprogError FAILED_PRECONDITION / DISTILL_NOT_SUPPORTED on a teacher;
 *   RESOURCE_EXHAUSTED / DISTILL_BUSY while another Distill runs; everything `runDistill` throws
 *   (INVALID_ARGUMENT with field violations, TOO_MANY_EXAMPLES, EXPORT_MISMATCH, CANCELLED...).
 *
 * The training code (TensorFlow.js, for the export check) is required on the first Distill call,
 * not at start: a service that only serves, and every teacher sidecar, never loads it, which
 * shortens each of the stack's start-ups by most of a second.
 */
export function distillHandler(deps: DistillDeps): ClientStreamHandler<model.DistillRequest, model.DistillResponse> {
  let running = false;
  return clientStream(async (requests, ctx) => {
    const { host } = deps;
    if (host.role !== 'student') {
      throw failedPrecondition(`the ${host.module} ${host.role} serves a fixed model and does not distill; send Distill to the ${host.module} student service`, {
        reason: 'DISTILL_NOT_SUPPORTED',
        metadata: { module: host.module, role: host.role },
      });
    }
    if (running) throw resourceExhausted(`a Distill call is already running on the ${host.module} service; retry when it is done`, { reason: 'DISTILL_BUSY' });
    running = true;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy, synchronous load; see above
      const { runDistill } = require('../distill/run-distill') as typeof RunDistill;
      return await runDistill(deps, requests, { signal: ctx.signal, logger: ctx.logger });
    } finally {
      running = false;
    }
  });
}
