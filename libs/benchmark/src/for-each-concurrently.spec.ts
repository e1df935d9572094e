import { forEachConcurrently } from './for-each-concurrently';

const tick = (ms = 1): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('forEachConcurrently', () => {
  it('starts the items in order and never has more than the limit in flight', async () => {
    const started: number[] = [];
    let inFlight = 0;
    let most = 0;
    await forEachConcurrently([10, 11, 12, 13, 14, 15, 16], 3, async (item, index) => {
      expect(item).toBe(index + 10);
      started.push(index);
      most = Math.max(most, ++inFlight);
      await tick(index % 2 === 0 ? 3 : 1);
      inFlight -= 1;
    });
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(3);
  });

  it('runs one at a time for a limit below one, and nothing for no items', async () => {
    let most = 0;
    let inFlight = 0;
    await forEachConcurrently([1, 2, 3], 0, async () => {
      most = Math.max(most, ++inFlight);
      await tick();
      inFlight -= 1;
    });
    expect(most).toBe(1);
    await expect(forEachConcurrently([], 4, () => Promise.reject(new Error('never called')))).resolves.toBeUndefined();
  });

  it('rejects with the first failure and starts no item after it', async () => {
    const started: number[] = [];
    const run = forEachConcurrently([0, 1, 2, 3, 4, 5, 6, 7], 2, async (item) => {
      started.push(item);
      await tick();
      if (item === 2) throw new Error('item 2 failed');
    });
    await expect(run).rejects.toThrow('item 2 failed');
    await tick(20);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('stops starting items once the signal aborts, and rejects with its reason', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const run = forEachConcurrently([0, 1, 2, 3, 4, 5], 1, async (item) => {
      started.push(item);
      if (item === 1) controller.abort(new Error('stopped by the caller'));
      await tick();
    }, controller.signal);
    await expect(run).rejects.toThrow('stopped by the caller');
    expect(started).toEqual([0, 1]);
  });
});
