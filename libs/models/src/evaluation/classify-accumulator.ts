import { COLOURS, EXPRESSIONS, SHAPES, SIZES, type ClassifyItem } from '@vprog/world';
import { rectFromTuple } from '../image';
import type { ClassifyPredictor } from '../predictors/types';
import type { EvalSample, MetricAccumulator } from './metric-accumulator';

/** The category list each label group is scored against (the recipes' evaluation groups). */
export const CATEGORY_GROUPS: Readonly<Record<string, readonly string[]>> = {
  shape: SHAPES,
  colour: COLOURS,
  size: SIZES,
  expression: EXPRESSIONS,
};

interface Tally {
  hits: number;
  n: number;
}

/**
 * Classification accuracy over module items: every labelled attribute of a crop is one decision
 * (a shape crop: shape among the shapes, colour among the colours, size among the sizes; a face:
 * expression among the expressions). Reports `accuracy` over all decisions and `<group>Accuracy`
 * per group (the recipes' names) — `expressionAccuracy` is what student and expression teacher
 * share. A teacher's decision outside its label space counts as wrong.
 */
export function createClassifyAccumulator(predictor: ClassifyPredictor): MetricAccumulator<ClassifyItem> {
  const tallies = new Map<string, Tally>();
  const count = (key: string, correct: boolean): void => {
    const t = tallies.get(key) ?? { hits: 0, n: 0 };
    t.hits += correct ? 1 : 0;
    t.n += 1;
    tallies.set(key, t);
  };
  return {
    add: async (samples: ReadonlyArray<EvalSample<ClassifyItem>>) => {
      const jobs = samples.flatMap((s) =>
        s.items.flatMap((item) =>
          Object.entries(item.labels as Record<string, string>).map(([group, truth]) => {
            const categories = CATEGORY_GROUPS[group] ?? [truth];
            return { image: s.image, box: rectFromTuple(item.box), group, categories, truth, ok: predictor.canClassify(categories) };
          }),
        ),
      );
      const runnable = jobs.filter((j) => j.ok);
      const results = await predictor.classifyMany(runnable.map((j) => ({ image: j.image, boxes: [j.box], categories: j.categories })));
      let next = 0;
      for (const job of jobs) {
        const correct = job.ok && results[next++][0]?.label === job.truth;
        count('accuracy', correct);
        count(`${job.group}Accuracy`, correct);
      }
    },
    results: () =>
      [...tallies.entries()]
        .sort(([a], [b]) => (a === 'accuracy' ? -1 : b === 'accuracy' ? 1 : a.localeCompare(b)))
        .map(([metric, t]) => ({ metric, value: t.hits / t.n, n: t.n })),
  };
}
