import type { Logger } from '@vprog/grpc-kit';
import { createModuleService, FACEDET_MODULE, facedetApi, type ModuleService, type ModuleServiceConfig } from '@vprog/module-host';
import type { Detection, DetectFacesRequest, FacedetPredictor } from '@vprog/models';
import { loadModel } from '@vprog/onnx-runtime';
import type { Registry } from '@vprog/registry';

/** Injections for tests: an open registry and a logger. */
export interface FacedetTeacherServiceDeps {
  readonly registry?: Registry;
  readonly logger?: Logger;
}

/**
 * Starts the facedet teacher sidecar (the facedet teacher: a small face detector trained on the dusk domain only, behind the same API): FaceDetService + ModelService + health +
 * reflection on `config.server`, metrics on `config.metrics`. NOT_SERVING until `load()`.
 * @throws see `createModuleService` of `@vprog/module-host`.
 */
export function createFacedetTeacherService(config: ModuleServiceConfig, deps: FacedetTeacherServiceDeps = {}): Promise<ModuleService<FacedetPredictor, DetectFacesRequest, Detection[]>> {
  return createModuleService({
    name: 'facedet-teacher',
    role: 'teacher',
    config,
    definition: FACEDET_MODULE,
    loader: (spec) => loadModel(spec, config.runtime),
    api: (host, context) => [facedetApi(host, context)],
    ...deps,
  });
}
