/**
 * Spec support for the Distill specs of this folder (not exported from the library): the four
 * student services and one teacher sidecar built the way each `services/<module>/src/server.ts`
 * builds them, on the real onnxruntime loader. Module-host may not depend on the runtime library
 * (services inject the loader), and specs may not import services, so only these specs wire it.
 */
import type { Logger, ServiceRegistration } from '@vprog/grpc-kit';
import type { AnswerRequest, BoxClassification, ClassifyPredictor, ClassifyRequest, Detection, DetectFacesRequest, FacedetPredictor, LocateRequest, LocPredictor, VqaAnswer, VqaPredictor } from '@vprog/models';
// eslint-disable-next-line @nx/enforce-module-boundaries -- specs wire the real runtime the way a service's server.ts does
import { loadModel } from '@vprog/onnx-runtime';
import { model, type common } from '@vprog/proto-ts';
import type { Registry } from '@vprog/registry';
import type { ModelHost } from '../../host/model-host';
import type { ModuleDefinition } from '../../host/module-definition';
import { CLASSIFY_MODULE } from '../../modules/classify-module';
import { FACEDET_MODULE } from '../../modules/facedet-module';
import { LOC_MODULE } from '../../modules/loc-module';
import { classifyApi, facedetApi, locApi, vqaApi } from '../../modules/module-apis';
import { vqaModule } from '../../modules/vqa-module';
import { createModuleService, type ApiContext, type ModuleService } from '../../service/create-module-service';
import type { ModuleServiceConfig } from '../../service/service-config';

type Deps = { readonly registry: Registry; readonly logger: Logger };

function build<P, I, O>(name: string, role: 'student' | 'teacher', definition: ModuleDefinition<P, I, O>, api: (host: ModelHost<P, I, O>, context: ApiContext) => ServiceRegistration) {
  return (config: ModuleServiceConfig, deps: Deps): Promise<ModuleService<P, I, O>> =>
    createModuleService({ name, role, config, definition, loader: (spec) => loadModel(spec, config.runtime), api: (host, context) => [api(host, context)], ...deps });
}

/** The vqa student service (VqaService.Answer + ModelService). */
export const createVqaStudent = build<VqaPredictor, AnswerRequest, VqaAnswer>('vqa', 'student', vqaModule(), vqaApi);

/** The vqa teacher sidecar (Distill must refuse it). */
export const createVqaTeacher = build<VqaPredictor, AnswerRequest, VqaAnswer>('vqa-teacher', 'teacher', vqaModule(), vqaApi);

/** The loc student service. */
export const createLocStudent = build<LocPredictor, LocateRequest, Detection[]>('loc', 'student', LOC_MODULE, locApi);

/** The facedet student service. */
export const createFacedetStudent = build<FacedetPredictor, DetectFacesRequest, Detection[]>('facedet', 'student', FACEDET_MODULE, facedetApi);

/** The classify student service. */
export const createClassifyStudent = build<ClassifyPredictor, ClassifyRequest, BoxClassification[]>('classify', 'student', CLASSIFY_MODULE, classifyApi);

/** The options message of a Distill stream (LoRA, a few epochs, fixed seed unless told). */
export function optionsMessage(options: Partial<model.DistillOptions> = {}): model.DistillRequest {
  return {
    payload: {
      $case: 'options',
      value: {
        mode: model.TrainingMode.TRAINING_MODE_LORA,
        loraRank: 0,
        epochs: 3,
        learningRate: 0,
        temperature: 0,
        anchorWeight: 0,
        seed: 7,
        wiseFtAlphas: [],
        batchSize: 0,
        parentVersion: '',
        teacher: { name: 'test-teacher', version: 'v1' },
        sourceRunId: 'spec-run',
        ...options,
      },
    },
  };
}

/** An example message of a Distill stream. */
export function exampleMessage(input: model.DistillExample['input'], target: model.DistillExample['target'], kind = model.ExampleKind.EXAMPLE_KIND_TARGET, weight = 0): model.DistillRequest {
  return { payload: { $case: 'example', value: { input, target, weight, kind } } };
}

/** A boxes target from scene boxes (root pixels, score 1). */
export function boxesTarget(boxes: ReadonlyArray<{ x1: number; y1: number; x2: number; y2: number }>, score = 1): model.DistillExample['target'] {
  const proto: common.Box[] = boxes.map((b) => ({ xMin: b.x1, yMin: b.y1, xMax: b.x2, yMax: b.y2, score, label: '' }));
  return { $case: 'boxes', value: { boxes: proto } };
}
