import { unary, type UnaryHandler } from '@vprog/grpc-kit';
import { decodeDetectFacesRequest, encodeDetectFacesResponse, type ApiContext, type ModelHost } from '@vprog/module-host';
import type { Detection, DetectFacesRequest, FacedetPredictor } from '@vprog/models';
import { MODEL_VERSION_METADATA_KEY, type facedet } from '@vprog/proto-ts';

/** `FaceDetService.DetectFaces`: decode, queue for the requested (or active) version, encode. */
export function detectFacesHandler(
  host: ModelHost<FacedetPredictor, DetectFacesRequest, Detection[]>,
  context: ApiContext,
): UnaryHandler<facedet.DetectFacesRequest, facedet.DetectFacesResponse> {
  return unary(async (request, ctx) => {
    const input = decodeDetectFacesRequest(request, context.limits);
    const version = ctx.header(MODEL_VERSION_METADATA_KEY);
    const result = await host.submit(input, { signal: ctx.signal, ...(ctx.deadline ? { deadline: ctx.deadline } : {}), ...(version ? { version } : {}) });
    return encodeDetectFacesResponse(input, result.output, { name: result.modelName, version: result.version });
  });
}
