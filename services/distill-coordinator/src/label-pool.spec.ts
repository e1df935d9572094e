import { parseCoordinatorConfig } from './config';
import { forEachConcurrently } from '@vprog/benchmark';

/** Work that records how many calls overlap, and finishes in an order of its own. */
function tracked(delays: readonly number[]) {
  let inFlight = 0;
  let most = 0;
  const started: number[] = [];
  const work = async (_: number, i: number) => {
    started.push(i);
    most = Math.max(most, ++inFlight);
    await new Promise((done) => setTimeout(done, delays[i % delays.length]));
    inFlight--;
  };
  return { work, started, most: () => most };
}

describe('the labelling concurrency', () => {
  const items = Array.from({ length: 12 }, (_, i) => i);

  it('sends one call at a time with the default label concurrency, in the inputs\' order', async () => {
    const limit = parseCoordinatorConfig({}).labelConcurrency;
    const t = tracked([3, 0, 1]);
    await forEachConcurrently(items, limit, t.work);
    expect(limit).toBe(1);
    expect(t.most()).toBe(1);
    expect(t.started).toEqual(items);
  });

  it('keeps at most the configured number of calls in flight', async () => {
    const limit = parseCoordinatorConfig({ VPROG_COORDINATOR_LABEL_CONCURRENCY: '3' }).labelConcurrency;
    const t = tracked([4, 1, 2, 0]);
    await forEachConcurrently(items, limit, t.work);
    expect(t.most()).toBe(3);
    expect([...t.started].sort((a, b) => a - b)).toEqual(items);
  });
});
