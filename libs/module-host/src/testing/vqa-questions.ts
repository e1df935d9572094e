import type { vqa } from '@vprog/proto-ts';
import { COLOURS, answerInView, fullRect, type Domain } from '@vprog/world';
import { pngImage } from './module-requests';
import { testScene } from './test-scenes';

/** A question about a rendered scene with its exact answer. */
export interface VqaTestQuestion {
  /** The scene's PNG bytes. */
  readonly bytes: Buffer;
  readonly question: string;
  readonly kind: 'count' | 'colour';
  /** The scene's true answer. */
  readonly gold: string;
}

/**
 * Colour questions about objects whose shape is unique in the scene, and shape counts, with their
 * gold answers from the scene's annotations: what the vqa student and teacher specs ask. Throws nothing.
 */
export function vqaTestQuestions(domain: Domain, seeds: readonly number[]): VqaTestQuestion[] {
  return seeds.flatMap((seed) => {
    const { scene, png: bytes } = testScene(domain, seed);
    const unique = scene.objects.find((o) => scene.objects.filter((p) => p.shape === o.shape).length === 1);
    const asked = [`How many ${scene.objects[0].shape}s are there?`, ...(unique ? [`What color is the ${unique.shape}?`] : [])];
    return asked.map((question) => ({
      bytes,
      question,
      kind: question.startsWith('How many') ? ('count' as const) : ('colour' as const),
      gold: answerInView(scene, fullRect(scene.width, scene.height), question).answer,
    }));
  });
}

/** An answered {@link VqaTestQuestion}: the best answer and the ranked labels the service returned. */
export interface VqaTestAnswer {
  readonly kind: VqaTestQuestion['kind'];
  readonly gold: string;
  readonly answer: string;
  readonly ranked: readonly string[];
}

/**
 * The share of answers of the right kind (a number for a count, a colour for a colour question)
 * and the share whose gold answer is among the ranked ones. Both 0 for no answers. Throws nothing.
 */
export function vqaAnswerQuality(answers: readonly VqaTestAnswer[]): { readonly rightKind: number; readonly goldRanked: number } {
  if (answers.length === 0) return { rightKind: 0, goldRanked: 0 };
  const isKind = (a: VqaTestAnswer) => (a.kind === 'count' ? /^\d+$/.test(a.answer) : (COLOURS as readonly string[]).includes(a.answer));
  return {
    rightKind: answers.filter(isKind).length / answers.length,
    goldRanked: answers.filter((a) => a.ranked.includes(a.gold)).length / answers.length,
  };
}

/** One asked {@link VqaTestQuestion} and the service's reply. */
export interface VqaTestReply {
  readonly asked: VqaTestQuestion;
  readonly response: vqa.AnswerResponse;
}

/** The part of a VqaService client the questions need. */
interface AnswerClient {
  answer(request: vqa.AnswerRequest): Promise<vqa.AnswerResponse>;
}

/**
 * Asks the {@link vqaTestQuestions} of `domain` and `seeds` one at a time (the scene as PNG, with
 * `topK`): what the vqa student and teacher specs send. Rejects with the first failed call.
 */
export async function askVqaTestQuestions(client: AnswerClient, domain: Domain, seeds: readonly number[], topK: number): Promise<VqaTestReply[]> {
  const replies: VqaTestReply[] = [];
  for (const asked of vqaTestQuestions(domain, seeds)) replies.push({ asked, response: await client.answer({ image: pngImage(asked.bytes), question: asked.question, topK }) });
  return replies;
}

/**
 * True when a reply lists `topK` answers, best first, and the first is the reply's answer with its
 * score. Throws nothing.
 */
export function isRankedReply(reply: VqaTestReply, topK: number): boolean {
  const ranked = reply.response.topAnswers;
  return (
    ranked.length === topK &&
    ranked[0]?.label === reply.response.answer &&
    ranked[0]?.score === reply.response.score &&
    ranked.every((a, i) => i === 0 || a.score <= ranked[i - 1].score)
  );
}

/** A reply as the {@link VqaTestAnswer} that {@link vqaAnswerQuality} scores. Throws nothing. */
export function testAnswerOf(reply: VqaTestReply): VqaTestAnswer {
  return { kind: reply.asked.kind, gold: reply.asked.gold, answer: reply.response.answer, ranked: reply.response.topAnswers.map((a) => a.label) };
}
