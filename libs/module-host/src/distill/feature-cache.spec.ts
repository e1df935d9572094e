import { join } from 'node:path';
import { createTrainingView, loadManifest, type GraphRunner, type HeadFeeds, type TensorMap } from '@vprog/models';
import { testScene } from '../testing/test-scenes';
import { testSeedDir } from '../testing/test-registry';
import { extractFeatures } from './backbone-features';
import { createFeatureCache } from './feature-cache';

const feeds = (bytes: number): HeadFeeds => ({ feeds: { features: { dims: [1, bytes / 4], data: new Float32Array(bytes / 4) } } });

describe('createFeatureCache', () => {
  it('evicts the least recently used entries once it holds more bytes than allowed', () => {
    const cache = createFeatureCache(3000);
    cache.set('a', feeds(1000));
    cache.set('b', feeds(1000));
    cache.set('c', feeds(1000));
    expect(cache.get('a')).toBeDefined();
    cache.set('d', feeds(1000));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.bytes).toBe(3000);
    expect(cache.stats).toEqual({ hits: 2, misses: 1 });
  });

  it('keeps nothing larger than its bound', () => {
    const cache = createFeatureCache(100);
    cache.set('big', feeds(400));
    expect(cache.size).toBe(0);
  });
});

describe('extractFeatures', () => {
  it('runs the backbone once per distinct input and version, batched, and serves repeats from the cache', async () => {
    const manifest = (await loadManifest(join(testSeedDir(), 'vqa', 'student', 'v1'))).manifest;
    const view = createTrainingView(manifest);
    const runs: number[] = [];
    const runner: GraphRunner = async (_graph, f: TensorMap) => {
      const n = f.image.dims[0];
      runs.push(n);
      const filled = (dims: number[]) => ({ type: 'float32' as const, dims, data: new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(runs.length) });
      return { cells: filled([n, 256, 97]), question_code: filled([n, 1, 128]) };
    };
    const cache = createFeatureCache(1 << 20);
    const scenes = [1, 2, 3].map((seed) => testScene('dusk', seed).image);
    const inputs = [...scenes, scenes[0]].map((image) => view.prepare({ image, view: { x1: 0, y1: 0, x2: image.width, y2: image.height }, question: 'How many stars are there?' }));
    const source = { view, runner, cache, version: 'v1', batchSize: 2 };
    const first = await extractFeatures(source, inputs);
    expect(runs).toEqual([2, 1]);
    expect(first[3]).toBe(first[0]);
    await extractFeatures(source, inputs.slice(0, 2));
    expect(runs).toEqual([2, 1]);
    await extractFeatures({ ...source, version: 'v2' }, inputs.slice(0, 1));
    expect(runs).toEqual([2, 1, 1]);
  });
});
