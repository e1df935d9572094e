import { fullRect, type AnswerRequest, type VqaAnswer } from '@vprog/models';
import type { vqa } from '@vprog/proto-ts';
import { decodeImage, type ImageLimits } from '../edge/image-codec';
import { requireText } from '../edge/request-fields';
import { createViolations } from '../edge/violations';

/** The most ranked answers one Answer response lists. */
export const VQA_MAX_TOP_K = 100;

/**
 * Proto ↔ domain for `VqaService.Answer`, shared by the vqa student and its teacher sidecar (they
 * serve one API): the generated messages stop here. `top_k` 0 lists only the best answer; larger
 * values are capped at {@link VQA_MAX_TOP_K}.
 * @throws VprogError INVALID_ARGUMENT with a field violation for every bad field (image, empty question).
 */
export function decodeAnswerRequest(request: vqa.AnswerRequest, limits: ImageLimits): AnswerRequest {
  const violations = createViolations();
  const image = decodeImage(request.image, limits, violations);
  const question = requireText(request.question, 'question', violations);
  violations.throwIfAny('invalid Answer request');
  if (image === undefined) throw new Error('unreachable: image violations are thrown above');
  return { image, view: fullRect(image), question, topK: Math.min(Math.max(1, request.topK), VQA_MAX_TOP_K) };
}

/**
 * The Answer response: the best answer, its probability, the ranked answers and the model that
 * answered. Throws nothing.
 */
export function encodeAnswerResponse(answer: VqaAnswer, model: { name: string; version: string }): vqa.AnswerResponse {
  return {
    answer: answer.answer,
    score: answer.score,
    topAnswers: answer.topK.map((k) => ({ label: k.answer, score: k.probability })),
    model,
  };
}
