import type { Logger } from '@vprog/grpc-kit';
import { createModuleService, type ModuleService, type ModuleServiceConfig, vqaApi, vqaModule } from '@vprog/module-host';
import type { AnswerRequest, VqaAnswer, VqaPredictor } from '@vprog/models';
import { loadModel } from '@vprog/onnx-runtime';
import type { Registry } from '@vprog/registry';

/** Injections for tests: an open registry and a logger. */
export interface VqaServiceDeps {
  readonly registry?: Registry;
  readonly logger?: Logger;
}

/**
 * Starts the vqa service (the vqa student): VqaService + ModelService + health + reflection on
 * `config.server`, metrics on `config.metrics`. NOT_SERVING until `load()`.
 * @throws see `createModuleService` of `@vprog/module-host`.
 */
export function createVqaService(config: ModuleServiceConfig, deps: VqaServiceDeps = {}): Promise<ModuleService<VqaPredictor, AnswerRequest, VqaAnswer>> {
  return createModuleService({
    name: 'vqa',
    role: 'student',
    config,
    definition: vqaModule(),
    loader: (spec) => loadModel(spec, config.runtime),
    api: (host, context) => [vqaApi(host, context)],
    ...deps,
  });
}
