import { fullRect, type Detection, type DetectFacesRequest } from '@vprog/models';
import type { facedet } from '@vprog/proto-ts';
import { encodeDetections } from '../edge/box-codec';
import { decodeImage, type ImageLimits } from '../edge/image-codec';
import { optionalThreshold } from '../edge/request-fields';
import { createViolations } from '../edge/violations';

/**
 * Proto ↔ domain for `FaceDetService.DetectFaces`, shared by the facedet student and its teacher
 * sidecar (they serve one API): the generated messages stop here.
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

/**
 * The DetectFaces response: face boxes best first (label `face`, clipped to the image) and the
 * model that found them. Throws nothing.
 */
export function encodeDetectFacesResponse(input: DetectFacesRequest, detections: readonly Detection[], model: { name: string; version: string }): facedet.DetectFacesResponse {
  return { boxes: encodeDetections(detections, input.image, 'face'), model };
}
