import { defineService, type ServiceRegistration } from '@vprog/grpc-kit';
import { model } from '@vprog/proto-ts';
import type { DistillDeps } from '../distill/run-distill';
import type { ModelHost } from '../host/model-host';
import { activateHandler } from './activate';
import { discardHandler } from './discard';
import { distillHandler } from './distill';
import { getModelInfoHandler } from './get-model-info';
import { listVersionsHandler } from './list-versions';
import { rollbackHandler } from './rollback';

/**
 * `vprog.model.v1.ModelService` for a hosted model, generic over module and role: every module
 * service and teacher sidecar registers this next to its module API. `distill` carries what
 * Distill needs besides the host (the loader for export checks, image limits, the example limit
 * and the feature cache). Throws nothing.
 */
export function modelServiceRegistration<P, I, O>(host: ModelHost<P, I, O>, distill: Omit<DistillDeps, 'host'>): ServiceRegistration {
  return defineService(model.ModelServiceService, {
    getModelInfo: getModelInfoHandler(host),
    listVersions: listVersionsHandler(host.repository),
    distill: distillHandler({ ...distill, host: host as ModelHost<unknown, unknown, unknown> }),
    activate: activateHandler(host),
    rollback: rollbackHandler(host),
    discard: discardHandler(host),
  });
}

/** The ModelService RPCs that change what a service serves: they need admin credentials when auth is on. */
const ADMIN_PATHS: ReadonlySet<string> = new Set(
  [model.ModelServiceService.distill, model.ModelServiceService.activate, model.ModelServiceService.rollback, model.ModelServiceService.discard].map((m) => m.path),
);

/** Whether a full method path is one of ModelService's admin RPCs (Distill, Activate, Rollback, Discard). */
export function isAdminMethod(method: string): boolean {
  return ADMIN_PATHS.has(method);
}
