import type { Logger } from '@vprog/grpc-kit';
import { CLASSIFY_MODULE, classifyApi, createModuleService, type ModuleService, type ModuleServiceConfig } from '@vprog/module-host';
import type { BoxClassification, ClassifyPredictor, ClassifyRequest } from '@vprog/models';
import { loadModel } from '@vprog/onnx-runtime';
import type { Registry } from '@vprog/registry';

/** Injections for tests: an open registry and a logger. */
export interface ClassifyTeacherServiceDeps {
  readonly registry?: Registry;
  readonly logger?: Logger;
}

/**
 * Starts the classify teacher sidecar (the closed-set expression classifier, behind the same API): ClassifyService +
 * ModelService + health + reflection on `config.server`, metrics on `config.metrics`.
 * NOT_SERVING until `load()`.
 * @throws see `createModuleService` of `@vprog/module-host`.
 */
export function createClassifyTeacherService(config: ModuleServiceConfig, deps: ClassifyTeacherServiceDeps = {}): Promise<ModuleService<ClassifyPredictor, ClassifyRequest, BoxClassification[]>> {
  return createModuleService({
    name: 'classify-teacher',
    role: 'teacher',
    config,
    definition: CLASSIFY_MODULE,
    loader: (spec) => loadModel(spec, config.runtime),
    api: (host, context) => [classifyApi(host, context)],
    ...deps,
  });
}
