import { failedPrecondition, unary, type UnaryHandler } from '@vprog/grpc-kit';
import { parseManifest } from '@vprog/models';
import { MODEL_VERSION_METADATA_KEY, type model } from '@vprog/proto-ts';
import type { ModelRepository } from '@vprog/registry';
import { encodeModule, encodeRole, encodeVersion } from './version-codec';

/** What GetModelInfo needs: the registry entry and the active version. */
export interface ModelInfoSource {
  readonly repository: ModelRepository;
  readonly activeVersion: string | undefined;
}

/**
 * `ModelService.GetModelInfo`: describes the version named in the request, else the one named in
 * `x-vprog-model-version`, else the active one — from the registry alone, without loading it.
 * @throws RegistryError VERSION_NOT_FOUND; VprogError FAILED_PRECONDITION / NO_ACTIVE_VERSION.
 */
export function getModelInfoHandler(source: ModelInfoSource): UnaryHandler<model.GetModelInfoRequest, model.GetModelInfoResponse> {
  return unary(async (request, ctx) => {
    const { repository } = source;
    const version = request.version || ctx.header(MODEL_VERSION_METADATA_KEY) || source.activeVersion || (await repository.active())?.version;
    if (version === undefined) throw failedPrecondition(`${repository.module}/${repository.role} has no active version`, { reason: 'NO_ACTIVE_VERSION' });
    const stored = await repository.getVersion(version);
    const manifest = parseManifest(stored.manifest, `${stored.dir}/manifest.json`);
    const labels = manifest.labels ?? [];
    return {
      modelInfo: {
        model: { name: manifest.name, version },
        role: encodeRole(repository.role),
        module: encodeModule(repository.module),
        labelSpace: labels,
        openVocabulary: labels.length === 0 && manifest.tokenizer !== null,
        version: encodeVersion(stored),
      },
    };
  });
}
