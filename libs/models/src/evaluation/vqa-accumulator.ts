import { SIZES, type VqaItem } from '@vprog/world';
import { rectFromTuple } from '../image';
import type { VqaPredictor } from '../predictors/types';
import type { MetricAccumulator } from './metric-accumulator';

/**
 * VQA accuracy over module items (`{view, question, answer}`): exact match of the top answer, as
 * `accuracy` over every item and `accuracyNoSize` over the items whose answer is not a size (the
 * teacher's label space; the recipes' name). A teacher's refused question counts as wrong.
 */
export function createVqaAccumulator(predictor: VqaPredictor): MetricAccumulator<VqaItem> {
  let hits = 0;
  let total = 0;
  let noSizeHits = 0;
  let noSize = 0;
  const sizes = new Set<string>(SIZES);
  return {
    add: async (samples) => {
      const jobs = samples.flatMap((s) => s.items.map((item) => ({ image: s.image, item })));
      const runnable = jobs.filter((j) => predictor.canAnswer(j.item.question));
      const answers = await predictor.answerMany(runnable.map((j) => ({ image: j.image, view: rectFromTuple(j.item.view), question: j.item.question, topK: 1 })));
      const correct = new Map(runnable.map((job, i) => [job, answers[i].answer === job.item.answer]));
      for (const job of jobs) {
        const hit = correct.get(job) === true ? 1 : 0;
        hits += hit;
        total += 1;
        if (!sizes.has(job.item.answer)) {
          noSizeHits += hit;
          noSize += 1;
        }
      }
    },
    results: () => {
      const out = total > 0 ? [{ metric: 'accuracy', value: hits / total, n: total }] : [];
      if (noSize > 0) out.push({ metric: 'accuracyNoSize', value: noSizeHits / noSize, n: noSize });
      return out;
    },
  };
}
