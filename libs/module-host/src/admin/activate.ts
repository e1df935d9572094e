import { unary, type UnaryHandler } from '@vprog/grpc-kit';
import type { model } from '@vprog/proto-ts';
import type { SwitchResult } from '../host/model-host';
import { createViolations } from '../edge/violations';
import { encodeVersion } from './version-codec';

/** What Activate needs of the host. */
export interface Activator {
  activate(version: string, expectedActive?: string): Promise<SwitchResult>;
}

/**
 * `ModelService.Activate`: hot swap to a version (load in new workers, golden check, switch,
 * retire the old workers after their in-flight requests).
 * @throws VprogError INVALID_ARGUMENT without a version; FAILED_PRECONDITION when the version fails
 *   its check (the old version keeps serving); RegistryError VERSION_NOT_FOUND,
 *   ACTIVE_VERSION_MISMATCH (ABORTED).
 */
export function activateHandler(host: Activator): UnaryHandler<model.ActivateRequest, model.ActivateResponse> {
  return unary(async (request) => {
    const violations = createViolations();
    if (request.version.trim() === '') violations.add('version', 'the version to activate is required');
    violations.throwIfAny('cannot activate');
    const result = await host.activate(request.version.trim(), request.expectedActiveVersion || undefined);
    return { active: encodeVersion(result.active), previousVersion: result.aliases.previous?.version ?? '' };
  });
}
