import type { Logger } from '@vprog/grpc-kit';
import { createModuleService, LOC_MODULE, locApi, type ModuleService, type ModuleServiceConfig } from '@vprog/module-host';
import type { Detection, LocateRequest, LocPredictor } from '@vprog/models';
import { loadModel } from '@vprog/onnx-runtime';
import type { Registry } from '@vprog/registry';

/** Injections for tests: an open registry and a logger. */
export interface LocTeacherServiceDeps {
  readonly registry?: Registry;
  readonly logger?: Logger;
}

/**
 * Starts the loc teacher sidecar (the closed-set loc teacher behind the same API): LocService + ModelService + health + reflection on
 * `config.server`, metrics on `config.metrics`. Readiness stays NOT_SERVING until `load()`.
 * @throws see `createModuleService` of `@vprog/module-host`.
 */
export function createLocTeacherService(config: ModuleServiceConfig, deps: LocTeacherServiceDeps = {}): Promise<ModuleService<LocPredictor, LocateRequest, Detection[]>> {
  return createModuleService({
    name: 'loc-teacher',
    role: 'teacher',
    config,
    definition: LOC_MODULE,
    loader: (spec) => loadModel(spec, config.runtime),
    api: (host, context) => [locApi(host, context)],
    ...deps,
  });
}
