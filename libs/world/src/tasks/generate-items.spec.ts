import { isWorldError } from '../errors';
import { matchesPhrase } from '../language/phrase';
import type { QuestionSpec } from '../language/question-spec';
import { generateTaskItem, generateTaskItems, renderTaskImage } from './generate-items';
import { TASKS, getTask } from './registry';

const referents = (spec: QuestionSpec) => {
  switch (spec.form) {
    case 'query':
    case 'side':
    case 'find':
      return [spec.phrase];
    case 'relate':
      return [spec.anchor];
    case 'compare':
      return [spec.a, spec.b];
    default:
      return [];
  }
};

describe('task item generation', () => {
  it('gives the same items for the same (task, split, seed) and different ones for another seed or split', () => {
    for (const task of TASKS) {
      const a = generateTaskItems(task.name, { split: 'test', seed: 5, count: 12 });
      const b = generateTaskItems(task.name, { split: 'test', seed: 5, count: 12 });
      const otherSeed = generateTaskItems(task.name, { split: 'test', seed: 6, count: 12 });
      const otherSplit = generateTaskItems(task.name, { split: 'train', seed: 5, count: 12 });
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      const scenes = (items: typeof a) => JSON.stringify(items.map((item) => item.images.map((image) => image.scene)));
      expect(scenes(otherSeed)).not.toBe(scenes(a));
      expect(scenes(otherSplit)).not.toBe(scenes(a));
    }
  });

  it('regenerates any item from its index alone', () => {
    const items = generateTaskItems('gqa-shapes', { split: 'dev', seed: 2, count: 8 });
    expect(generateTaskItem('gqa-shapes', 'dev', 2, 7)).toEqual(items[7]);
    expect(generateTaskItems('gqa-shapes', { split: 'dev', seed: 2, count: 3, offset: 5 })).toEqual(items.slice(5));
  });

  it('fills every field and uses the task domain and inputs', () => {
    for (const task of TASKS) {
      for (const item of generateTaskItems(task.name, { split: 'train', seed: 1, count: 20 })) {
        expect(item.id).toBe(`${task.name}-train-1-${item.index}`);
        expect(task.domains).toContain(item.domain);
        expect(item.images.map((image) => image.name)).toEqual([...task.inputs]);
        for (const image of item.images) expect(image.scene.domain).toBe(item.domain);
        expect(item.question.length).toBeGreaterThan(5);
        expect(item.program).toMatch(/RESULT\(var=\w+\)$/);
      }
    }
  });

  it('only says "the X" of an object that is the one X in its image', () => {
    for (const task of TASKS) {
      for (const item of generateTaskItems(task.name, { split: 'test', seed: 9, count: 120 })) {
        for (const phrase of referents(item.spec)) {
          const matches = item.images[0].scene.objects.filter((object) => matchesPhrase(phrase, object));
          expect(matches).toHaveLength(1);
        }
      }
    }
  });

  it('renders the same pixels for the same item, in the item domain size', () => {
    const [item] = generateTaskItems('nlvr-shapes', { split: 'test', seed: 3, count: 1 });
    const left = renderTaskImage(item.images[0]);
    expect(left.width).toBe(128);
    expect(Buffer.from(renderTaskImage(item.images[0]).data).equals(Buffer.from(left.data))).toBe(true);
    expect(Buffer.from(renderTaskImage(item.images[1]).data).equals(Buffer.from(left.data))).toBe(false);
  });

  it('rejects unknown tasks, splits and bad counts with typed errors', () => {
    const reasonOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (error) {
        return isWorldError(error) ? error.reason : 'untyped';
      }
      return undefined;
    };
    expect(reasonOf(() => getTask('gqa'))).toBe('UNKNOWN_TASK');
    expect(reasonOf(() => generateTaskItem('gqa-shapes', 'val' as never, 1, 0))).toBe('INVALID_OPTIONS');
    expect(reasonOf(() => generateTaskItems('gqa-shapes', { split: 'test', seed: 1, count: -1 }))).toBe('INVALID_OPTIONS');
  });
});
