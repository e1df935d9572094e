import type { Logger } from '@vprog/grpc-kit';
import { CLASSIFY_MODULE, classifyApi, createModuleService, type ModuleService, type ModuleServiceConfig } from '@vprog/module-host';
import type { BoxClassification, ClassifyPredictor, ClassifyRequest } from '@vprog/models';
import { loadModel } from '@vprog/onnx-runtime';
import type { Registry } from '@vprog/registry';

/** Injections for tests: an open registry and a logger. */
export interface ClassifyServiceDeps {
  readonly registry?: Registry;
  readonly logger?: Logger;
}

/**
 * Starts the classify service (the open-vocabulary classify student): ClassifyService +
 * ModelService + health + reflection on `config.server`, metrics on `config.metrics`.
 * NOT_SERVING until `load()`.
 * @throws see `createModuleService` of `@vprog/module-host`.
 */
export function createClassifyService(config: ModuleServiceConfig, deps: ClassifyServiceDeps = {}): Promise<ModuleService<ClassifyPredictor, ClassifyRequest, BoxClassification[]>> {
  return createModuleService({
    name: 'classify',
    role: 'student',
    config,
    definition: CLASSIFY_MODULE,
    loader: (spec) => loadModel(spec, config.runtime),
    api: (host, context) => [classifyApi(host, context)],
    ...deps,
  });
}
