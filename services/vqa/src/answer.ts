import { unary, type UnaryHandler } from '@vprog/grpc-kit';
import { decodeAnswerRequest, encodeAnswerResponse, type ApiContext, type ModelHost } from '@vprog/module-host';
import type { AnswerRequest, VqaAnswer, VqaPredictor } from '@vprog/models';
import { MODEL_VERSION_METADATA_KEY, type vqa } from '@vprog/proto-ts';

/** `VqaService.Answer`: decode, queue for the requested (or active) version, encode the ranked answers. */
export function answerHandler(host: ModelHost<VqaPredictor, AnswerRequest, VqaAnswer>, context: ApiContext): UnaryHandler<vqa.AnswerRequest, vqa.AnswerResponse> {
  return unary(async (request, ctx) => {
    const input = decodeAnswerRequest(request, context.limits);
    const version = ctx.header(MODEL_VERSION_METADATA_KEY);
    const result = await host.submit(input, { signal: ctx.signal, ...(ctx.deadline ? { deadline: ctx.deadline } : {}), ...(version ? { version } : {}) });
    return encodeAnswerResponse(result.output, { name: result.modelName, version: result.version });
  });
}
