import { answersMatch, normaliseAnswer } from './normalise-answer';
import { predictionFromValue } from './prediction';
import { aggregateScores, scoreItem } from './task-metrics';

const view = { kind: 'image' as const, root: 'IMAGE', rect: { x1: 0, y1: 0, x2: 128, y2: 128 } };

describe('answer normalisation', () => {
  it('ignores case and whitespace, equates yes/true and no/false, and compares numbers by value', () => {
    expect(normaliseAnswer('  Red ')).toBe('red');
    expect(answersMatch('True', 'yes')).toBe(true);
    expect(answersMatch(false, 'no')).toBe(true);
    expect(answersMatch('3.0', 3)).toBe(true);
    expect(answersMatch('three', '3')).toBe(true);
    expect(answersMatch('yes', 'no')).toBe(false);
    expect(answersMatch('red', 'orange')).toBe(false);
  });
});

describe('task metrics', () => {
  it('score accuracy on normalised answers', () => {
    expect(scoreItem('accuracy', 'true', predictionFromValue(true)).correct).toBe(true);
    expect(scoreItem('accuracy', '2', predictionFromValue(2)).correct).toBe(true);
    expect(scoreItem('accuracy', 'left', predictionFromValue('right')).correct).toBe(false);
    expect(scoreItem('accuracy', 'yes', predictionFromValue(view)).correct).toBe(false);
  });

  it('count a tag only when both its box (IoU >= 0.5) and its label match', () => {
    const gold = [
      { box: [0, 0, 20, 20] as const, label: 'smiling' },
      { box: [50, 50, 70, 70] as const, label: 'frowning' },
    ];
    const predicted = predictionFromValue({
      kind: 'tags',
      image: view,
      tags: [
        { x1: 1, y1: 1, x2: 21, y2: 21, score: 1, label: 'smiling' },
        { x1: 50, y1: 50, x2: 70, y2: 70, score: 1, label: 'surprised' },
        { x1: 100, y1: 100, x2: 110, y2: 110, score: 1, label: 'smiling' },
      ],
    });
    const score = scoreItem('tag-f1', gold, predicted);
    expect(score).toEqual({ correct: false, truePositives: 1, falsePositives: 2, falseNegatives: 1 });
    expect(aggregateScores('tag-f1', [score])).toBeCloseTo(2 / 5);
    expect(aggregateScores('tag-f1', [scoreItem('tag-f1', gold, gold)])).toBe(1);
  });

  it('score refexp by the IoU of the top box', () => {
    const gold = { box: [10, 10, 30, 30] as const };
    const boxes = (b: number[]) => predictionFromValue({ kind: 'boxes', image: view, boxes: [{ x1: b[0], y1: b[1], x2: b[2], y2: b[3], score: 1 }] });
    expect(scoreItem('refexp-accuracy', gold, boxes([12, 12, 30, 30])).correct).toBe(true);
    expect(scoreItem('refexp-accuracy', gold, boxes([20, 20, 40, 40])).correct).toBe(false);
    expect(scoreItem('refexp-accuracy', gold, predictionFromValue({ kind: 'boxes', image: view, boxes: [] })).correct).toBe(false);
  });

  it('aggregate accuracy as the share of correct items and report NaN for no items', () => {
    const right = scoreItem('accuracy', 'yes', 'yes');
    const wrong = scoreItem('accuracy', 'yes', 'no');
    expect(aggregateScores('accuracy', [right, wrong, right, right])).toBe(0.75);
    expect(aggregateScores('accuracy', [])).toBeNaN();
  });
});
