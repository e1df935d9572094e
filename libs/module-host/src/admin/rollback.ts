import { unary, type UnaryHandler } from '@vprog/grpc-kit';
import type { model } from '@vprog/proto-ts';
import type { SwitchResult } from '../host/model-host';
import { encodeVersion } from './version-codec';

/** What Rollback needs of the host. */
export interface RollbackTarget {
  rollback(expectedActive?: string): Promise<SwitchResult>;
}

/**
 * `ModelService.Rollback`: back to the previous version, with the same load-check-switch steps as
 * Activate.
 * @throws RegistryError NO_PREVIOUS_VERSION (FAILED_PRECONDITION), ACTIVE_VERSION_MISMATCH (ABORTED);
 *   VprogError FAILED_PRECONDITION when the previous version fails its check.
 */
export function rollbackHandler(host: RollbackTarget): UnaryHandler<model.RollbackRequest, model.RollbackResponse> {
  return unary(async (request) => {
    const result = await host.rollback(request.expectedActiveVersion || undefined);
    return { active: encodeVersion(result.active), rolledBackVersion: result.replaced ?? '' };
  });
}
