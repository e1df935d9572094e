import { unary, type UnaryHandler } from '@vprog/grpc-kit';
import { decodeClassifyRequest, encodeClassifyResponse, type ApiContext, type ModelHost } from '@vprog/module-host';
import type { BoxClassification, ClassifyPredictor, ClassifyRequest } from '@vprog/models';
import { MODEL_VERSION_METADATA_KEY, type classify } from '@vprog/proto-ts';

/**
 * `ClassifyService.Classify`: decode (with the serving version's label space as the default
 * categories), queue for the requested (or active) version, encode one classification per box.
 */
export function classifyHandler(
  host: ModelHost<ClassifyPredictor, ClassifyRequest, BoxClassification[]>,
  context: ApiContext,
): UnaryHandler<classify.ClassifyRequest, classify.ClassifyResponse> {
  return unary(async (request, ctx) => {
    const version = ctx.header(MODEL_VERSION_METADATA_KEY);
    const labels = request.categories.length > 0 ? [] : ((await host.slot(version || undefined)).manifest.labels ?? []);
    const input = decodeClassifyRequest(request, context.limits, labels);
    const result = await host.submit(input, { signal: ctx.signal, ...(ctx.deadline ? { deadline: ctx.deadline } : {}), ...(version ? { version } : {}) });
    return encodeClassifyResponse(input, result.output, { name: result.modelName, version: result.version });
  });
}
