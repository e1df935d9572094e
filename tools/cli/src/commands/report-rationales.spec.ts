import type { ItemOutcome } from '@vprog/benchmark';
import { changedItems, goldText } from './report-rationales';

const outcome = (index: number, answer?: string): ItemOutcome => ({ index, score: 0, failed: answer === undefined, ...(answer !== undefined ? { answer } : {}) });

describe('rationale examples', () => {
  const before = {
    a: [outcome(0, 'yes'), outcome(1, 'no'), outcome(2, 'red'), outcome(3, '2')],
    b: [outcome(0, 'true'), outcome(1), outcome(2, 'false')],
  };
  const after = {
    a: [outcome(0, 'no'), outcome(1, 'no'), outcome(2, 'blue'), outcome(3, '3')],
    b: [outcome(0, 'true'), outcome(1, 'true'), outcome(2, 'true')],
  };

  it('pick questions whose answer changed (a failed run counts as a change), one task at a time', () => {
    expect(changedItems(['a', 'b'], before, after, 10)).toEqual([
      { task: 'a', index: 0 },
      { task: 'b', index: 1 },
      { task: 'a', index: 2 },
      { task: 'b', index: 2 },
      { task: 'a', index: 3 },
    ]);
  });

  it('stop at the limit and skip tasks that were not measured both times', () => {
    expect(changedItems(['a', 'b', 'c'], before, { ...after, c: [outcome(0, 'x')] }, 3)).toEqual([
      { task: 'a', index: 0 },
      { task: 'b', index: 1 },
      { task: 'a', index: 2 },
    ]);
    expect(changedItems(['a'], before, before, 4)).toEqual([]);
  });

  it('show gold answers as text, and tags or boxes as JSON', () => {
    expect(goldText('yes')).toBe('yes');
    expect(goldText([{ box: [1, 2, 3, 4], label: 'smiling' }])).toBe('[{"box":[1,2,3,4],"label":"smiling"}]');
    expect(goldText({ box: [0, 0, 8, 8] })).toBe('{"box":[0,0,8,8]}');
  });
});
