import { defineService, unary, type CallContext, type ServiceRegistration } from '@vprog/grpc-kit';
import type { AnswerRequest, BoxClassification, ClassifyPredictor, ClassifyRequest, Detection, DetectFacesRequest, FacedetPredictor, LocateRequest, LocPredictor, VqaAnswer, VqaPredictor } from '@vprog/models';
import { classify, facedet, loc, MODEL_VERSION_METADATA_KEY, vqa } from '@vprog/proto-ts';
import type { HostSubmitOptions, ModelHost } from '../host/model-host';
import type { ApiContext } from '../service/create-module-service';
import { decodeClassifyRequest, encodeClassifyResponse } from './classify-codec';
import { decodeDetectFacesRequest, encodeDetectFacesResponse } from './facedet-codec';
import { decodeLocateRequest, encodeLocateResponse } from './loc-codec';
import { decodeAnswerRequest, encodeAnswerResponse } from './vqa-codec';

/**
 * The four module APIs as gRPC registrations, one per module, shared by each student service and
 * its teacher sidecar (they serve the very same API): decode at the edge, queue on the host for
 * the version the caller named in `x-vprog-model-version` (or the active one), encode the answer
 * with the version that produced it.
 */

/** The host's queueing options of one call: its signal, deadline and requested version. */
function submitOptions(ctx: CallContext): HostSubmitOptions {
  const version = ctx.header(MODEL_VERSION_METADATA_KEY);
  return { signal: ctx.signal, ...(ctx.deadline ? { deadline: ctx.deadline } : {}), ...(version ? { version } : {}) };
}

/** `LocService.Locate`. */
export function locApi(host: ModelHost<LocPredictor, LocateRequest, Detection[]>, context: ApiContext): ServiceRegistration {
  return defineService(loc.LocServiceService, {
    locate: unary(async (request, ctx) => {
      const input = decodeLocateRequest(request, context.limits);
      const result = await host.submit(input, submitOptions(ctx));
      return encodeLocateResponse(input, result.output, { name: result.modelName, version: result.version });
    }),
  });
}

/** `FaceDetService.DetectFaces`. */
export function facedetApi(host: ModelHost<FacedetPredictor, DetectFacesRequest, Detection[]>, context: ApiContext): ServiceRegistration {
  return defineService(facedet.FaceDetServiceService, {
    detectFaces: unary(async (request, ctx) => {
      const input = decodeDetectFacesRequest(request, context.limits);
      const result = await host.submit(input, submitOptions(ctx));
      return encodeDetectFacesResponse(input, result.output, { name: result.modelName, version: result.version });
    }),
  });
}

/** `ClassifyService.Classify`; a request without categories uses the serving version's label space. */
export function classifyApi(host: ModelHost<ClassifyPredictor, ClassifyRequest, BoxClassification[]>, context: ApiContext): ServiceRegistration {
  return defineService(classify.ClassifyServiceService, {
    classify: unary(async (request, ctx) => {
      const options = submitOptions(ctx);
      const labels = request.categories.length > 0 ? [] : ((await host.slot(options.version)).manifest.labels ?? []);
      const input = decodeClassifyRequest(request, context.limits, labels);
      const result = await host.submit(input, options);
      return encodeClassifyResponse(input, result.output, { name: result.modelName, version: result.version });
    }),
  });
}

/** `VqaService.Answer`. */
export function vqaApi(host: ModelHost<VqaPredictor, AnswerRequest, VqaAnswer>, context: ApiContext): ServiceRegistration {
  return defineService(vqa.VqaServiceService, {
    answer: unary(async (request, ctx) => {
      const input = decodeAnswerRequest(request, context.limits);
      const result = await host.submit(input, submitOptions(ctx));
      return encodeAnswerResponse(result.output, { name: result.modelName, version: result.version });
    }),
  });
}
