/**
 * Spec support for the Distill specs of this folder (not exported from the library): the four
 * student services and one teacher sidecar built the way each `services/<module>/src/server.ts`
 * builds them, on the real onnxruntime loader. Module-host may not depend on the runtime library
 * (services inject the loader), and specs may not import services, so only these specs wire it.
 */
import { defineService, unary, type Logger } from '@vprog/grpc-kit';
import type { AnswerRequest, BoxClassification, ClassifyPredictor, ClassifyRequest, Detection, DetectFacesRequest, FacedetPredictor, LocateRequest, LocPredictor, VqaAnswer, VqaPredictor } from '@vprog/models';
// eslint-disable-next-line @nx/enforce-module-boundaries -- specs wire the real runtime the way a service's server.ts does
import { loadModel } from '@vprog/onnx-runtime';
import { classify, facedet, loc, MODEL_VERSION_METADATA_KEY, model, vqa, type common } from '@vprog/proto-ts';
import type { Registry } from '@vprog/registry';
import type { CallContext } from '@vprog/grpc-kit';
import type { ModelHost } from '../../host/model-host';
import type { ModuleDefinition } from '../../host/module-definition';
import { CLASSIFY_MODULE } from '../../modules/classify-module';
import { decodeClassifyRequest, encodeClassifyResponse } from '../../modules/classify-codec';
import { FACEDET_MODULE } from '../../modules/facedet-module';
import { decodeDetectFacesRequest, encodeDetectFacesResponse } from '../../modules/facedet-codec';
import { LOC_MODULE } from '../../modules/loc-module';
import { decodeLocateRequest, encodeLocateResponse } from '../../modules/loc-codec';
import { vqaModule } from '../../modules/vqa-module';
import { decodeAnswerRequest, encodeAnswerResponse } from '../../modules/vqa-codec';
import { createModuleService, type ModuleService } from '../../service/create-module-service';
import type { ModuleServiceConfig } from '../../service/service-config';

type Deps = { readonly registry: Registry; readonly logger: Logger };

function route(ctx: CallContext) {
  const version = ctx.header(MODEL_VERSION_METADATA_KEY);
  return { signal: ctx.signal, ...(ctx.deadline ? { deadline: ctx.deadline } : {}), ...(version ? { version } : {}) };
}

function build<P, I, O>(name: string, role: 'student' | 'teacher', definition: ModuleDefinition<P, I, O>, api: (host: ModelHost<P, I, O>, limits: { maxPixels: number }) => ReturnType<typeof defineService>) {
  return (config: ModuleServiceConfig, deps: Deps): Promise<ModuleService<P, I, O>> =>
    createModuleService({ name, role, config, definition, loader: (spec) => loadModel(spec, config.runtime), api: (host, context) => [api(host, context.limits)], ...deps });
}

/** The vqa student service (VqaService.Answer + ModelService). */
export const createVqaStudent = build<VqaPredictor, AnswerRequest, VqaAnswer>('vqa', 'student', vqaModule(), (host, limits) =>
  defineService(vqa.VqaServiceService, {
    answer: unary(async (request, ctx) => {
      const result = await host.submit(decodeAnswerRequest(request, limits), route(ctx));
      return encodeAnswerResponse(result.output, { name: result.modelName, version: result.version });
    }),
  }),
);

/** The vqa teacher sidecar (Distill must refuse it). */
export const createVqaTeacher = build<VqaPredictor, AnswerRequest, VqaAnswer>('vqa-teacher', 'teacher', vqaModule(), (host, limits) =>
  defineService(vqa.VqaServiceService, {
    answer: unary(async (request, ctx) => {
      const result = await host.submit(decodeAnswerRequest(request, limits), route(ctx));
      return encodeAnswerResponse(result.output, { name: result.modelName, version: result.version });
    }),
  }),
);

/** The loc student service. */
export const createLocStudent = build<LocPredictor, LocateRequest, Detection[]>('loc', 'student', LOC_MODULE, (host, limits) =>
  defineService(loc.LocServiceService, {
    locate: unary(async (request, ctx) => {
      const input = decodeLocateRequest(request, limits);
      const result = await host.submit(input, route(ctx));
      return encodeLocateResponse(input, result.output, { name: result.modelName, version: result.version });
    }),
  }),
);

/** The facedet student service. */
export const createFacedetStudent = build<FacedetPredictor, DetectFacesRequest, Detection[]>('facedet', 'student', FACEDET_MODULE, (host, limits) =>
  defineService(facedet.FaceDetServiceService, {
    detectFaces: unary(async (request, ctx) => {
      const input = decodeDetectFacesRequest(request, limits);
      const result = await host.submit(input, route(ctx));
      return encodeDetectFacesResponse(input, result.output, { name: result.modelName, version: result.version });
    }),
  }),
);

/** The classify student service. */
export const createClassifyStudent = build<ClassifyPredictor, ClassifyRequest, BoxClassification[]>('classify', 'student', CLASSIFY_MODULE, (host, limits) =>
  defineService(classify.ClassifyServiceService, {
    classify: unary(async (request, ctx) => {
      const input = decodeClassifyRequest(request, limits, []);
      const result = await host.submit(input, route(ctx));
      return encodeClassifyResponse(input, result.output, { name: result.modelName, version: result.version });
    }),
  }),
);

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
