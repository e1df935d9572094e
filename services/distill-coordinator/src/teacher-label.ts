import { hasErrorCode } from '@vprog/grpc-kit';
import type { classify, facedet, loc, model, vqa } from '@vprog/proto-ts';
import type { ModuleInput } from './call-inputs';
import type { ModuleApi } from './module-clients';

/** A pseudo-label, or why there is none. */
export type LabelResult =
  | { readonly kept: true; readonly target: NonNullable<model.DistillExample['target']>; readonly confidence: number }
  | { readonly kept: false; readonly reason: 'low-confidence' | 'refused'; readonly confidence?: number };

/** Options of {@link teacherLabel}. */
export interface LabelOptions {
  /** Answers asked of a VQA teacher: its whole vocabulary, so the target is the full distribution. */
  readonly topK: number;
  readonly minConfidence: number;
  readonly deadlineMs: number;
  readonly signal?: AbortSignal;
}

/**
 * Asks the teacher sidecar for its soft output on one module input and turns it into a distillation
 * target. Confidence is the top probability (VQA; for CLASSIFY the least confident region's) or the
 * confident boxes (LOC, FACEDET; see {@link labelFromBoxes}).
 * Inputs the teacher refuses (FAILED_PRECONDITION, e.g. OUTSIDE_LABEL_SPACE, or INVALID_ARGUMENT)
 * are dropped, not failures.
 * @throws VprogError for any other failure of the call (UNAVAILABLE after retries, DEADLINE_EXCEEDED,
 *   CANCELLED when the signal aborts).
 */
export async function teacherLabel(teacher: ModuleApi[keyof ModuleApi], input: ModuleInput, options: LabelOptions): Promise<LabelResult> {
  const call = { deadlineMs: options.deadlineMs, ...(options.signal === undefined ? {} : { signal: options.signal }) };
  const judge = (target: NonNullable<model.DistillExample['target']>, confidence: number): LabelResult =>
    confidence >= options.minConfidence ? { kept: true, target, confidence } : { kept: false, reason: 'low-confidence', confidence };
  try {
    switch (input.$case) {
      case 'locate': {
        const res = await (teacher as ModuleApi['loc']).locate(input.value satisfies loc.LocateRequest, call);
        return labelFromBoxes(res.boxes, options.minConfidence);
      }
      case 'detectFaces': {
        const res = await (teacher as ModuleApi['facedet']).detectFaces(input.value satisfies facedet.DetectFacesRequest, call);
        return labelFromBoxes(res.boxes, options.minConfidence);
      }
      case 'classify': {
        const res = await (teacher as ModuleApi['classify']).classify(input.value satisfies classify.ClassifyRequest, call);
        if (res.classifications.length === 0) return { kept: false, reason: 'low-confidence' };
        const distributions = res.classifications.map((c) => ({ scores: c.scores.map((s) => ({ label: s.label, score: s.score })) }));
        const confidence = Math.min(...distributions.map((d) => Math.max(0, ...d.scores.map((s) => s.score))));
        return judge({ $case: 'categories', value: { distributions } }, confidence);
      }
      case 'answer': {
        const request: vqa.AnswerRequest = { ...input.value, topK: options.topK };
        const res = await (teacher as ModuleApi['vqa']).answer(request, call);
        const answers = res.topAnswers.length > 0 ? res.topAnswers : [{ label: res.answer, score: res.score }];
        return judge({ $case: 'answers', value: { answers: answers.map((a) => ({ label: a.label, score: a.score })) } }, Math.max(0, ...answers.map((a) => a.score)));
      }
    }
  } catch (error) {
    if (options.signal?.aborted !== true && (hasErrorCode(error, 'FAILED_PRECONDITION') || hasErrorCode(error, 'INVALID_ARGUMENT'))) return { kept: false, reason: 'refused' };
    throw error;
  }
}

/**
 * A detector teacher's boxes as a target. Only the boxes the teacher is confident of (score ≥
 * `minConfidence`) are kept, at their scores; everything else the image shows becomes background.
 * Keeping the teacher's low-score boxes would teach the student to fire weakly all over the image,
 * and programs take every box above the module's small default threshold, so a face-tag program
 * would tag them all. Degenerate boxes (clipped to nothing at the border) carry no location and
 * are dropped. An answer with no confident box is a confident "nothing here". Throws nothing.
 */
export function labelFromBoxes(boxes: readonly { xMin: number; yMin: number; xMax: number; yMax: number; score: number; label: string }[], minConfidence: number): LabelResult {
  const usable = boxes.filter((b) => [b.xMin, b.yMin, b.xMax, b.yMax, b.score].every(Number.isFinite) && b.xMax > b.xMin && b.yMax > b.yMin && b.score >= minConfidence);
  const target = { $case: 'boxes' as const, value: { boxes: usable.map((b) => ({ ...b })) } };
  return { kept: true, target, confidence: usable.length === 0 ? 1 : Math.max(...usable.map((b) => b.score)) };
}
