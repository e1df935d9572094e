import { isWorldError } from '../errors';
import { predictionFromValue } from '../metrics/prediction';
import { scoreItem } from '../metrics/task-metrics';
import { runWithOracle } from '../oracle/run-with-oracle';
import { generateTaskItems } from '../tasks/generate-items';
import { TASKS } from '../tasks/registry';
import { parseQuestion, questionToProgram } from './question-to-program';

describe('the template parser', () => {
  it('recovers a program with the gold oracle answer for at least 99% of generated questions', async () => {
    for (const task of TASKS) {
      const items = generateTaskItems(task.name, { split: 'dev', seed: 4, count: 150 });
      let recovered = 0;
      for (const item of items) {
        try {
          const program = questionToProgram(item.question, { task: task.name });
          if (scoreItem(task.metric, item.answer, predictionFromValue(await runWithOracle(item, program))).correct) recovered++;
        } catch (error) {
          if (!isWorldError(error)) throw error;
        }
      }
      expect(recovered / items.length).toBeGreaterThanOrEqual(0.99);
    }
  });

  it('reads hand-written paraphrases into the intended question', () => {
    const cases: Array<[string, object]> = [
      ['how many  RED circles are in the image', { form: 'count', phrase: { colour: 'red', shape: 'circle', plural: true } }],
      ['How many stars are there??', { form: 'count', phrase: { shape: 'star', plural: true } }],
      ['Is there any blue square in the picture?', { form: 'exist', phrase: { colour: 'blue', shape: 'square', plural: false } }],
      ['Are there any big objects?', { form: 'exist', phrase: { size: 'large', noun: 'object', plural: true } }],
      ['What is the color of the triangle?', { form: 'query', attribute: 'colour', phrase: { shape: 'triangle', plural: false } }],
      ['Is there anything to the left of the green star?', { form: 'relate', relation: 'left', phrase: { noun: 'object' }, anchor: { colour: 'green', shape: 'star', plural: false } }],
      ['Are there circles beneath the red square', { form: 'relate', relation: 'below', phrase: { shape: 'circle', plural: true }, anchor: { colour: 'red', shape: 'square', plural: false } }],
      ['Is the purple star on the right or on the left?', { form: 'side', axis: 'x', phrase: { colour: 'purple', shape: 'star', plural: false } }],
      ['Are the star and the circle the same color?', { form: 'compare', attribute: 'colour', a: { shape: 'star', plural: false }, b: { shape: 'circle', plural: false } }],
    ];
    for (const [question, expected] of cases) {
      expect(parseQuestion(question, { inputs: ['IMAGE'] })).toEqual(expected);
    }
  });

  it('reads hand-written image-pair statements', () => {
    expect(parseQuestion('There are 3 red circles in total.', { task: 'nlvr-shapes' })).toEqual({ form: 'pair-total', n: 3, phrase: { colour: 'red', shape: 'circle', plural: true } });
    expect(parseQuestion('both images have at least one hexagon', { inputs: ['LEFT', 'RIGHT'] })).toMatchObject({ form: 'pair-exist', quantifier: 'both' });
    expect(parseQuestion('The right picture contains fewer stars than the left one.', { inputs: ['LEFT', 'RIGHT'] })).toMatchObject({ form: 'pair-compare', first: 'right', op: 'fewer' });
  });

  it('writes the same program text as the gold program of a generated question', () => {
    for (const item of generateTaskItems('gqa-shapes', { split: 'test', seed: 1, count: 40 })) {
      expect(questionToProgram(item.question, { task: 'gqa-shapes' })).toBe(item.program);
    }
  });

  it('throws a typed QUESTION_UNSUPPORTED error for questions outside the grammar', () => {
    for (const question of ['Why is the sky blue?', 'How many unicorns are there?', 'Both images contain a red star.']) {
      try {
        questionToProgram(question, { inputs: ['IMAGE'] });
        throw new Error(`parsed ${question}`);
      } catch (error) {
        expect(isWorldError(error) && error.reason).toBe('QUESTION_UNSUPPORTED');
      }
    }
  });
});
