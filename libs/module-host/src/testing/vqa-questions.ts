import { COLOURS, answerInView, fullRect, type Domain } from '@vprog/world';
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
