import type { ClassifyItem, LocItem, VqaItem } from '@vprog/world';
import type { ClassifyPredictor, LocPredictor, VqaPredictor } from '../predictors/types';
import { solidImage } from '../testing/fake-runner';
import { createClassifyAccumulator } from './classify-accumulator';
import { createLocAccumulator } from './detection-accumulator';
import { createVqaAccumulator } from './vqa-accumulator';

// Stub predictors: test doubles of our own predictor interfaces, answering from a table.
const image = solidImage(16, 16);

describe('metric accumulators', () => {
  it('compute AP50 for LOC, count a teacher-refused phrase as missed ground truth, and report ap50NoSize', async () => {
    const truth: LocItem = { image: 'i', domain: 'dusk', view: [0, 0, 128, 128], phrase: 'red circle', boxes: [[10, 10, 20, 20]] };
    const sized: LocItem = { ...truth, phrase: 'small red circle', boxes: [[50, 50, 60, 60]] };
    const predictor: LocPredictor = {
      module: 'loc',
      id: 'stub',
      role: 'teacher',
      canLocate: (phrase) => !phrase.includes('small'),
      locate: async () => [],
      locateMany: async (requests) => requests.map(() => [{ x1: 10, y1: 10, x2: 20, y2: 20, score: 0.9 }]),
    };
    const acc = createLocAccumulator(predictor);
    await acc.add([{ image, items: [truth, sized] }]);
    expect(acc.results()).toEqual([
      { metric: 'ap50', value: 0.5, n: 2 },
      { metric: 'ap50NoSize', value: 1, n: 1 },
    ]);
  });

  it('score each labelled attribute of a crop as one decision, overall and per label group', async () => {
    const item: ClassifyItem = { image: 'i', domain: 'studio', box: [0, 0, 8, 8], kind: 'shape', labels: { shape: 'star', colour: 'red', size: 'small' } };
    const predictor: ClassifyPredictor = {
      module: 'classify',
      id: 'stub',
      role: 'student',
      canClassify: () => true,
      classify: async () => [],
      classifyMany: async (requests) => requests.map((r) => [{ label: r.categories.includes('red') ? 'red' : r.categories[0], scores: [] }]),
    };
    const acc = createClassifyAccumulator(predictor);
    await acc.add([{ image, items: [item] }]);
    expect(acc.results()).toEqual([
      { metric: 'accuracy', value: 2 / 3, n: 3 },
      { metric: 'colourAccuracy', value: 1, n: 1 },
      { metric: 'shapeAccuracy', value: 0, n: 1 },
      { metric: 'sizeAccuracy', value: 1, n: 1 },
    ]);
  });

  it('count a VQA teacher’s refused question as wrong and report accuracy on non-size answers', async () => {
    const items: VqaItem[] = [
      { image: 'i', domain: 'dusk', view: [0, 0, 16, 16], question: 'How many stars are there?', answer: '2' },
      { image: 'i', domain: 'dusk', view: [0, 0, 16, 16], question: 'What size is the star?', answer: 'small' },
    ];
    const predictor: VqaPredictor = {
      module: 'vqa',
      id: 'stub',
      role: 'teacher',
      answers: ['2'],
      canAnswer: (q) => !q.includes('size'),
      answer: async () => ({ answer: '2', score: 1, topK: [], distribution: [] }),
      answerMany: async (requests) => requests.map(() => ({ answer: '2', score: 1, topK: [], distribution: [1] })),
    };
    const acc = createVqaAccumulator(predictor);
    await acc.add([{ image, items }]);
    expect(acc.results()).toEqual([
      { metric: 'accuracy', value: 0.5, n: 2 },
      { metric: 'accuracyNoSize', value: 1, n: 1 },
    ]);
  });
});
