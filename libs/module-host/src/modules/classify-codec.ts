import { fullRect, type BoxClassification, type ClassifyRequest, type Rect } from '@vprog/models';
import type { classify } from '@vprog/proto-ts';
import { decodeBoxes, encodeRect } from '../edge/box-codec';
import { decodeImage, type ImageLimits } from '../edge/image-codec';
import { createViolations } from '../edge/violations';

/** The most boxes one Classify request may carry. */
export const CLASSIFY_MAX_BOXES = 256;
/** The most categories one Classify request may carry. */
export const CLASSIFY_MAX_CATEGORIES = 256;

/**
 * Proto ↔ domain for `ClassifyService.Classify`, shared by the classify student and its teacher
 * sidecar (they serve one API): the generated messages stop here. No boxes means the whole image
 * is one region; no categories means the model's own label space — which an open-vocabulary
 * model (`modelLabels` empty) does not have, so then categories are required.
 * @throws VprogError INVALID_ARGUMENT with a field violation for every bad field (image, a box with
 *   NaN/negative/inverted coordinates or outside the image, an empty category, missing categories).
 */
export function decodeClassifyRequest(request: classify.ClassifyRequest, limits: ImageLimits, modelLabels: readonly string[]): ClassifyRequest {
  const violations = createViolations();
  const image = decodeImage(request.image, limits, violations);
  if (request.boxes.length > CLASSIFY_MAX_BOXES) violations.add('boxes', `at most ${CLASSIFY_MAX_BOXES} boxes per request`);
  const boxes = decodeBoxes(request.boxes, image, violations);
  const categories = request.categories.map((c) => c.trim());
  categories.forEach((c, i) => {
    if (c.length === 0) violations.add(`categories[${i}]`, 'must not be empty');
  });
  if (categories.length > CLASSIFY_MAX_CATEGORIES) violations.add('categories', `at most ${CLASSIFY_MAX_CATEGORIES} categories per request`);
  if (categories.length === 0 && modelLabels.length === 0) violations.add('categories', 'at least one category is required (this model has no label space of its own)');
  violations.throwIfAny('invalid Classify request');
  if (image === undefined) throw new Error('unreachable: image violations are thrown above');
  return { image, boxes: boxes.length > 0 ? boxes : [fullRect(image)], categories: categories.length > 0 ? categories : [...modelLabels] };
}

/**
 * The Classify response: per region its box, best category with its score, and every category's
 * probability. Throws nothing.
 */
export function encodeClassifyResponse(input: ClassifyRequest, results: readonly BoxClassification[], model: { name: string; version: string }): classify.ClassifyResponse {
  return {
    classifications: results.map((result, i) => {
      const box: Rect = input.boxes[i];
      const best = input.categories.indexOf(result.label);
      return {
        box: encodeRect(box),
        category: result.label,
        score: result.scores[best] ?? 0,
        scores: input.categories.map((label, k) => ({ label, score: result.scores[k] })),
      };
    }),
    model,
  };
}
