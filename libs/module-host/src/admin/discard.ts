import { unary, type UnaryHandler } from '@vprog/grpc-kit';
import { model } from '@vprog/proto-ts';
import type { ModelVersion } from '@vprog/registry';
import { createViolations } from '../edge/violations';
import { encodeVersion } from './version-codec';

/** What Discard needs of the host. */
export interface Discarder {
  discard(version: string): Promise<ModelVersion>;
}

/**
 * `ModelService.Discard`: removes a candidate version from the registry and unloads it. The
 * registry keeps no record of a discarded version (its id is never reused), so the reason is
 * returned and logged, not stored.
 * @throws VprogError INVALID_ARGUMENT without a version; RegistryError VERSION_IN_USE
 *   (FAILED_PRECONDITION) for the active or previous version, VERSION_NOT_FOUND.
 */
export function discardHandler(host: Discarder): UnaryHandler<model.DiscardRequest, model.DiscardResponse> {
  return unary(async (request, ctx) => {
    const violations = createViolations();
    if (request.version.trim() === '') violations.add('version', 'the version to discard is required');
    violations.throwIfAny('cannot discard');
    const before = await host.discard(request.version.trim());
    ctx.logger.log('info', 'model version discarded', { version: before.version, reason: request.reason });
    return {
      discarded: encodeVersion(before, { state: model.VersionState.VERSION_STATE_DISCARDED, discardReason: request.reason }),
    };
  });
}
