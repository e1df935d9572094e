import { failedPrecondition } from '@vprog/grpc-kit';
import { createVqaPredictor, type AnswerRequest, type VqaAnswer, type VqaPredictor } from '@vprog/models';
import { ANSWERS } from '@vprog/world';
import type { ModuleDefinition } from '../host/module-definition';

/**
 * The vqa module for the host (student and teacher). Answers are reported over the module's whole
 * answer vocabulary (the Shapes world's, by default), so a teacher's closed answer set lines up
 * with the student's; a question kind the teacher cannot answer is refused before queueing.
 */
export function vqaModule(answerVocabulary: readonly string[] = ANSWERS): ModuleDefinition<VqaPredictor, AnswerRequest, VqaAnswer> {
  return {
    module: 'vqa',
    createPredictor: (model, runner) => createVqaPredictor(model, runner, { answerVocabulary }),
    runBatch: (predictor, items) => predictor.answerMany(items),
    check(predictor, item) {
      if (!predictor.canAnswer(item.question)) {
        throw failedPrecondition(`${predictor.id} cannot answer "${item.question}": the kind of question is outside its label space`, {
          reason: 'OUTSIDE_LABEL_SPACE',
          metadata: { question: item.question },
        });
      }
    },
  };
}
