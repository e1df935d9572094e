import { unary, type UnaryHandler } from '@vprog/grpc-kit';
import { decodeLocateRequest, encodeLocateResponse, type ApiContext, type ModelHost } from '@vprog/module-host';
import type { Detection, LocateRequest, LocPredictor } from '@vprog/models';
import { MODEL_VERSION_METADATA_KEY, type loc } from '@vprog/proto-ts';

/**
 * `LocService.Locate`: decode at the edge, queue for the version the caller asked for (or the
 * active one), encode the boxes with the version that found them.
 */
export function locateHandler(host: ModelHost<LocPredictor, LocateRequest, Detection[]>, context: ApiContext): UnaryHandler<loc.LocateRequest, loc.LocateResponse> {
  return unary(async (request, ctx) => {
    const input = decodeLocateRequest(request, context.limits);
    const version = ctx.header(MODEL_VERSION_METADATA_KEY);
    const result = await host.submit(input, { signal: ctx.signal, ...(ctx.deadline ? { deadline: ctx.deadline } : {}), ...(version ? { version } : {}) });
    return encodeLocateResponse(input, result.output, { name: result.modelName, version: result.version });
  });
}
