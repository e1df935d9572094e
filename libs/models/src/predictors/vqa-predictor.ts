import { softmax, topK } from '../decode/softmax';
import { modelError } from '../errors';
import { resizeViewInto } from '../preprocess/crop-resize';
import { restrictToQuestionKind } from '../teachers/question-kind';
import { createVqaTeacherAdapter } from '../teachers/vqa-teacher-adapter';
import { floatOutput, type GraphRunner } from '../tensor';
import { createTokenizer } from '../text/tokenizer';
import type { LoadedModelManifest } from './loaded-manifest';
import { entryInputs, finalOutputName, runModel } from './run-model';
import type { AnswerRequest, VqaAnswer, VqaPredictor } from './types';

/** Options of {@link createVqaPredictor}. */
export interface VqaPredictorOptions {
  /**
   * The module's whole answer vocabulary to report over. A student reports over its own labels
   * (which are that vocabulary); a teacher needs it to spread its closed answer set (default: its
   * own labels).
   */
  readonly answerVocabulary?: readonly string[];
}

/** Default number of ranked answers in a {@link VqaAnswer}. */
export const DEFAULT_TOP_K = 5;

/**
 * VQA for a manifest: the view resized to S×S and the question tokens go in; softmax over the
 * logits comes out, restricted to the answers the question's kind allows (a yes/no question gets
 * yes or no, a colour question a colour; a question of unknown kind keeps every answer). A teacher refuses question kinds outside its closed answer set and reports
 * its distribution over the module's whole vocabulary (zeros elsewhere).
 * @throws ModelError MANIFEST_INVALID when the manifest is not a vqa model.
 */
export function createVqaPredictor(model: LoadedModelManifest, runner: GraphRunner, options: VqaPredictorOptions = {}): VqaPredictor {
  const { manifest } = model;
  if (manifest.module !== 'vqa' || manifest.tokenizer === null) {
    throw modelError('MANIFEST_INVALID', `${manifest.name} is not a vqa model with a tokenizer`);
  }
  const labels = manifest.labels ?? [];
  const teacher = manifest.role === 'teacher' ? createVqaTeacherAdapter(labels, options.answerVocabulary ?? labels) : undefined;
  const answers = teacher === undefined ? labels : (options.answerVocabulary ?? labels);
  const tokenizer = createTokenizer(manifest.tokenizer);
  const inputs = entryInputs(manifest);
  const output = finalOutputName(manifest);
  const size = manifest.preprocess.size;

  const answerMany = async (requests: readonly AnswerRequest[]): Promise<VqaAnswer[]> => {
    if (requests.length === 0) return [];
    for (const r of requests) teacher?.check(r.question);
    const plane = 3 * size * size;
    const images = new Float32Array(requests.length * plane);
    requests.forEach((r, i) => resizeViewInto(r.image, r.view, manifest.preprocess, images, i * plane));
    const feeds = {
      [inputs.image]: { type: 'float32' as const, dims: [requests.length, 3, size, size], data: images },
      ...(inputs.text !== undefined ? { [inputs.text]: tokenizer.encode(requests.map((r) => r.question)) } : {}),
    };
    const { outputs } = await runModel(manifest, runner, feeds, { transfer: true });
    const logits = floatOutput(outputs, output, [requests.length, labels.length]);
    return requests.map((r, i) => {
      const own = softmax(logits, i * labels.length, labels.length);
      const distribution = restrictToQuestionKind(teacher === undefined ? own : teacher.expand(own), answers, r.question);
      const ranked = topK(distribution, r.topK ?? DEFAULT_TOP_K);
      const best = ranked[0];
      return {
        answer: answers[best],
        score: distribution[best],
        topK: ranked.map((k) => ({ answer: answers[k], probability: distribution[k] })),
        distribution,
      };
    });
  };

  return {
    module: 'vqa',
    id: `${manifest.name}@${manifest.version}`,
    role: manifest.role,
    answers,
    canAnswer: (question) => teacher === undefined || teacher.accepts(question),
    answer: async (image, view, question, k) => (await answerMany([{ image, view, question, ...(k !== undefined ? { topK: k } : {}) }]))[0],
    answerMany,
  };
}
