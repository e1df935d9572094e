import { createViolations, decodeImage, encodeDetections, optionalThreshold, requireText, type ImageLimits } from '@vprog/module-host';
import { fullRect, type Detection, type LocateRequest } from '@vprog/models';
import type { loc } from '@vprog/proto-ts';

/**
 * Proto ↔ domain for LocService: the generated messages stop here.
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

/** The response: boxes best first (clipped to the image), each labelled with the phrase, and the model that found them. */
export function encodeLocateResponse(input: LocateRequest, detections: readonly Detection[], model: { name: string; version: string }): loc.LocateResponse {
  return { boxes: encodeDetections(detections, input.image, input.phrase), model };
}
