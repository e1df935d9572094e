import { isDistillError } from './distill-error';
import { trainHead, type LossPoint } from './head-trainer';
import { clusterTask, mlpHead, softmaxOptions } from './testing/head-fixtures';
import { trainHeadInWorker } from './train-head-in-worker';
import type { TrainingExample } from './training-data';

describe('trainHeadInWorker', () => {
  const head = mlpHead();
  const { examples } = clusterTask(9, 12);
  const options = softmaxOptions({ epochs: 3, mode: 'lora', rank: 2, wiseFtAlphas: [0.5, 1] });

  it('gives the same bytes and loss curve as trainHead, reports epochs, and leaves the caller arrays intact', async () => {
    const before = examples.map((e) => Float32Array.from(e.feeds.features.data));
    const points: LossPoint[] = [];
    const [inWorker, inProcess] = await Promise.all([trainHeadInWorker(head, examples, options, { onEpoch: (p) => points.push(p) }), trainHead(head, examples, options)]);
    expect(inWorker.candidates.map((c) => c.alpha)).toEqual([0.5, 1]);
    inWorker.candidates.forEach((c, i) => expect(Buffer.from(c.head).equals(Buffer.from(inProcess.candidates[i].head))).toBe(true));
    expect(inWorker.lossCurve).toEqual(inProcess.lossCurve);
    expect(points).toEqual(inProcess.lossCurve);
    examples.forEach((e, i) => expect(e.feeds.features.data).toEqual(before[i]));
  });

  it('rejects with a typed CANCELLED error when the signal aborts, and at once when it already has', async () => {
    const controller = new AbortController();
    const run = trainHeadInWorker(head, examples, { ...options, epochs: 500 }, { signal: controller.signal, onEpoch: () => controller.abort() });
    const error: unknown = await run.catch((e: unknown) => e);
    expect(isDistillError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'CANCELLED', reason: 'CANCELLED' });
    await expect(trainHeadInWorker(head, examples, options, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('surfaces errors found in the worker as typed errors', async () => {
    const wrongClasses: TrainingExample = { ...examples[0], target: { dims: [1, 5], data: new Float32Array(5).fill(0.2) } };
    await expect(trainHeadInWorker(head, [wrongClasses], options)).rejects.toMatchObject({ reason: 'INVALID_EXAMPLE', code: 'INVALID_ARGUMENT' });
    await expect(trainHeadInWorker(Uint8Array.of(1, 2, 3), examples, options)).rejects.toMatchObject({ reason: 'HEAD_INVALID' });
  });
});
