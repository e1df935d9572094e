import { clientStream, unimplemented, type ClientStreamHandler } from '@vprog/grpc-kit';
import type { model } from '@vprog/proto-ts';

/**
 * `ModelService.Distill`, until head training lands in the services: answers UNIMPLEMENTED with
 * reason DISTILL_NOT_AVAILABLE, so a coordinator can tell "not built yet" from a failed run.
 * @throws VprogError UNIMPLEMENTED / DISTILL_NOT_AVAILABLE, always.
 */
export function distillHandler(module: string, role: string): ClientStreamHandler<model.DistillRequest, model.DistillResponse> {
  return clientStream(async () => {
    throw unimplemented(`distillation is not available in the ${module} ${role} service yet`, { reason: 'DISTILL_NOT_AVAILABLE' });
  });
}
