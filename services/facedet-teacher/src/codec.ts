import { createViolations, decodeImage, encodeDetections, optionalThreshold, type ImageLimits } from '@vprog/module-host';
import { fullRect, type Detection, type DetectFacesRequest } from '@vprog/models';
import type { facedet } from '@vprog/proto-ts';

/**
 * Proto ↔ domain for FaceDetService: the generated messages stop here.
 * @throws VprogError INVALID_ARGUMENT with a field violation for every bad field (missing or
 *   undecodable image, image over the pixel limit, threshold outside [0, 1]).
 */
export function decodeDetectFacesRequest(request: facedet.DetectFacesRequest, limits: ImageLimits): DetectFacesRequest {
  const violations = createViolations();
  const image = decodeImage(request.image, limits, violations);
  const scoreThreshold = optionalThreshold(request.scoreThreshold, 'score_threshold', violations);
  violations.throwIfAny('invalid DetectFaces request');
  if (image === undefined) throw new Error('unreachable: image violations are thrown above');
  const options = { ...(scoreThreshold !== undefined ? { scoreThreshold } : {}), ...(request.maxBoxes > 0 ? { maxBoxes: request.maxBoxes } : {}) };
  return { image, view: fullRect(image), options };
}

/** The response: face boxes best first (label `face`, clipped to the image) and the model that found them. */
export function encodeDetectFacesResponse(input: DetectFacesRequest, detections: readonly Detection[], model: { name: string; version: string }): facedet.DetectFacesResponse {
  return { boxes: encodeDetections(detections, input.image, 'face'), model };
}
