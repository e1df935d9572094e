import { fullRect, type Detection, type LocateRequest } from '@vprog/models';
import type { loc } from '@vprog/proto-ts';
import { encodeDetections } from '../edge/box-codec';
import { decodeImage, type ImageLimits } from '../edge/image-codec';
import { optionalThreshold, requireText } from '../edge/request-fields';
import { createViolations } from '../edge/violations';

/**
 * Proto ↔ domain for `LocService.Locate`, shared by the loc student and its teacher sidecar (they
 * serve one API): the generated messages stop here.
 * @throws VprogError INVALID_ARGUMENT with a field violation for every bad field (missing or
 *   undecodable image, image over the pixel limit, empty phrase, threshold outside [0, 1]).
 */
export function decodeLocateRequest(request: loc.LocateRequest, limits: ImageLimits): LocateRequest {
  const violations = createViolations();
  const image = decodeImage(request.image, limits, violations);
  const phrase = requireText(request.object, 'object', violations);
  const scoreThreshold = optionalThreshold(request.scoreThreshold, 'score_threshold', violations);
  violations.throwIfAny('invalid Locate request');
  if (image === undefined) throw new Error('unreachable: image violations are thrown above');
  const options = { ...(scoreThreshold !== undefined ? { scoreThreshold } : {}), ...(request.maxBoxes > 0 ? { maxBoxes: request.maxBoxes } : {}) };
  return { image, view: fullRect(image), phrase, options };
}

/**
 * The Locate response: boxes best first (clipped to the image), each labelled with the phrase,
 * and the model that found them. Throws nothing.
 */
export function encodeLocateResponse(input: LocateRequest, detections: readonly Detection[], model: { name: string; version: string }): loc.LocateResponse {
  return { boxes: encodeDetections(detections, input.image, input.phrase), model };
}
