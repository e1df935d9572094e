import type { Logger } from '@vprog/grpc-kit';
import { createModuleService, FACEDET_MODULE, facedetApi, type ModuleService, type ModuleServiceConfig } from '@vprog/module-host';
import type { Detection, DetectFacesRequest, FacedetPredictor } from '@vprog/models';
import { loadModel } from '@vprog/onnx-runtime';
import type { Registry } from '@vprog/registry';

/** Injections for tests: an open registry and a logger. */
export interface FacedetServiceDeps {
  readonly registry?: Registry;
  readonly logger?: Logger;
}

/**
 * Starts the facedet service (the facedet student): FaceDetService + ModelService + health +
 * reflection on `config.server`, metrics on `config.metrics`. NOT_SERVING until `load()`.
 * @throws see `createModuleService` of `@vprog/module-host`.
 */
export function createFacedetService(config: ModuleServiceConfig, deps: FacedetServiceDeps = {}): Promise<ModuleService<FacedetPredictor, DetectFacesRequest, Detection[]>> {
  return createModuleService({
    name: 'facedet',
    role: 'student',
    config,
    definition: FACEDET_MODULE,
    loader: (spec) => loadModel(spec, config.runtime),
    api: (host, context) => [facedetApi(host, context)],
    ...deps,
  });
}
