import type { Logger } from '@vprog/grpc-kit';
import { createModuleService, type ModuleService, type ModuleServiceConfig, vqaApi, vqaModule } from '@vprog/module-host';
import type { AnswerRequest, VqaAnswer, VqaPredictor } from '@vprog/models';
import { loadModel } from '@vprog/onnx-runtime';
import type { Registry } from '@vprog/registry';

/** Injections for tests: an open registry and a logger. */
export interface VqaTeacherServiceDeps {
  readonly registry?: Registry;
  readonly logger?: Logger;
}

/**
 * Starts the vqa teacher sidecar (the closed-answer vqa teacher, behind the same API): VqaService + ModelService + health + reflection on
 * `config.server`, metrics on `config.metrics`. NOT_SERVING until `load()`.
 * @throws see `createModuleService` of `@vprog/module-host`.
 */
export function createVqaTeacherService(config: ModuleServiceConfig, deps: VqaTeacherServiceDeps = {}): Promise<ModuleService<VqaPredictor, AnswerRequest, VqaAnswer>> {
  return createModuleService({
    name: 'vqa-teacher',
    role: 'teacher',
    config,
    definition: vqaModule(),
    loader: (spec) => loadModel(spec, config.runtime),
    api: (host, context) => [vqaApi(host, context)],
    ...deps,
  });
}
