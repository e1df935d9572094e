import { COLOURS } from '@vprog/world';
import { softmax } from '../decode/softmax';
import { fakeRunner, f32, solidImage } from '../testing/fake-runner';
import { FIXTURE_ANSWERS, vqaManifest } from '../testing/manifest-fixtures';
import type { TensorMap } from '../tensor';
import { createVqaPredictor } from './vqa-predictor';

const view = { x1: 0, y1: 0, x2: 16, y2: 16 };

describe('the VQA student predictor', () => {
  it('resizes the view, tokenizes the question and ranks the whole answer vocabulary', async () => {
    const logits = FIXTURE_ANSWERS.map((a) => (a === 'red' ? 4 : a === 'blue' ? 3 : 0));
    const runner = fakeRunner((graph, feeds): TensorMap =>
      graph === 'backbone' ? { features: f32([feeds.image.dims[0], 1], [0]) } : { logits: f32([1, FIXTURE_ANSWERS.length], logits) },
    );
    const predictor = createVqaPredictor({ manifest: vqaManifest('student', FIXTURE_ANSWERS) }, runner.run);
    const result = await predictor.answer(solidImage(32, 32), view, 'What colour is the circle?', 2);
    expect(runner.calls[0].feeds.image.dims).toEqual([1, 3, 8, 8]);
    expect(Array.from(runner.calls[0].feeds.question.data as BigInt64Array, Number)).toEqual([12, 4, 5, 11, 3, 0]);
    // The distribution is renormalised over the colours, the answers a colour question can have.
    const colours = logits.map((l, i) => ((COLOURS as readonly string[]).includes(FIXTURE_ANSWERS[i]) ? l : -Infinity));
    const expected = softmax(colours);
    expect(result.answer).toBe('red');
    expect(result.score).toBeCloseTo(expected[FIXTURE_ANSWERS.indexOf('red')], 12);
    expect(result.distribution[FIXTURE_ANSWERS.indexOf('yes')]).toBe(0);
    expect(result.topK.map((t) => t.answer)).toEqual(['red', 'blue']);
    expect(result.distribution).toHaveLength(FIXTURE_ANSWERS.length);
    expect(predictor.canAnswer('Is the circle small or large?')).toBe(true);
  });

  it('answers a yes/no question with yes or no even when a colour has the largest logit', async () => {
    const logits = FIXTURE_ANSWERS.map((a) => (a === 'red' ? 6 : a === 'no' ? 1 : 0));
    const runner = fakeRunner((graph, feeds): TensorMap =>
      graph === 'backbone' ? { features: f32([feeds.image.dims[0], 1], [0]) } : { logits: f32([1, FIXTURE_ANSWERS.length], logits) },
    );
    const predictor = createVqaPredictor({ manifest: vqaManifest('student', FIXTURE_ANSWERS) }, runner.run);
    const result = await predictor.answer(solidImage(32, 32), view, 'Is there a red circle?');
    expect(result.answer).toBe('no');
    expect(result.topK.map((t) => t.answer).slice(0, 2)).toEqual(['no', 'yes']);
    expect(result.distribution.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // A question of no known kind keeps the whole vocabulary.
    expect((await predictor.answer(solidImage(32, 32), view, 'Why?')).answer).toBe('red');
  });
});

describe('the VQA teacher adapter', () => {
  const closed = FIXTURE_ANSWERS.filter((a) => a !== 'small' && a !== 'large');
  const teacherLogits = closed.map((a) => (a === 'yes' ? 2 : 0));

  it('spreads its closed answer set over the module vocabulary with zeros elsewhere', async () => {
    const runner = fakeRunner(() => ({ logits: f32([1, closed.length], teacherLogits) }));
    const predictor = createVqaPredictor({ manifest: vqaManifest('teacher', closed) }, runner.run, { answerVocabulary: FIXTURE_ANSWERS });
    const result = await predictor.answer(solidImage(32, 32), view, 'Is there a red circle?');
    expect(runner.calls.map((c) => c.graph)).toEqual(['model']);
    expect(predictor.answers).toEqual(FIXTURE_ANSWERS);
    expect(result.answer).toBe('yes');
    expect(result.distribution[FIXTURE_ANSWERS.indexOf('small')]).toBe(0);
    expect(result.distribution[FIXTURE_ANSWERS.indexOf('large')]).toBe(0);
    expect(result.distribution.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // A yes/no question: the teacher's mass on yes and no, renormalised.
    expect(result.score).toBeCloseTo(Math.exp(2) / (Math.exp(2) + 1), 12);
    expect(result.distribution[FIXTURE_ANSWERS.indexOf('red')]).toBe(0);
  });

  it('refuses a size question with OUTSIDE_LABEL_SPACE before running the model', async () => {
    const runner = fakeRunner(() => ({ logits: f32([1, closed.length], teacherLogits) }));
    const predictor = createVqaPredictor({ manifest: vqaManifest('teacher', closed) }, runner.run, { answerVocabulary: FIXTURE_ANSWERS });
    expect(predictor.canAnswer('What size is the red circle?')).toBe(false);
    await expect(predictor.answer(solidImage(32, 32), view, 'Is the circle small or large?')).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'OUTSIDE_LABEL_SPACE',
      metadata: { kind: 'size' },
    });
    expect(runner.calls).toHaveLength(0);
  });
});
