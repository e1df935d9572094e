import { cancelled } from '@vprog/grpc-kit';
import type { GraphRunner, HeadFeeds, PreparedInput, TrainingView } from '@vprog/models';
import type { FeatureCache } from './feature-cache';

/** What feature extraction needs: the parent's view and backbone, the cache, and a batch size. */
export interface FeatureSource {
  readonly view: TrainingView;
  /** Runs the parent version's graphs in the service's own workers. */
  readonly runner: GraphRunner;
  readonly cache: FeatureCache;
  /** The parent version (part of every cache key). */
  readonly version: string;
  /** Inputs per backbone run; the service's batch size, so serving requests interleave. */
  readonly batchSize: number;
  readonly signal?: AbortSignal;
}

/**
 * The head feeds of each prepared input: from the cache when its content was seen before with
 * this version, else from batched backbone runs (inputs of one group per run; duplicates within
 * the call run once). New features go into the cache.
 * @throws VprogError CANCELLED when the signal aborts between runs; whatever the runner or the
 *   view throws (MODEL_OUTPUT_INVALID...).
 */
export async function extractFeatures(source: FeatureSource, inputs: readonly PreparedInput[]): Promise<HeadFeeds[]> {
  const { view, cache, version } = source;
  const found = new Map<string, HeadFeeds>();
  const missing = new Map<string, PreparedInput[]>();
  const queued = new Set<string>();
  for (const input of inputs) {
    const key = `${version}:${input.key}`;
    if (found.has(key) || queued.has(key)) continue;
    const hit = cache.get(key);
    if (hit !== undefined) found.set(key, hit);
    else {
      queued.add(key);
      const group = missing.get(input.group) ?? [];
      group.push(input);
      missing.set(input.group, group);
    }
  }
  for (const group of missing.values()) {
    for (let from = 0; from < group.length; from += Math.max(1, source.batchSize)) {
      if (source.signal?.aborted) throw cancelled('distillation cancelled while computing backbone features', { reason: 'CANCELLED' });
      const chunk = group.slice(from, from + Math.max(1, source.batchSize));
      const features = await source.runner('backbone', view.backboneFeeds(chunk));
      view.splitFeatures(features, chunk).forEach((feeds, i) => {
        const key = `${version}:${chunk[i].key}`;
        found.set(key, feeds);
        cache.set(key, feeds);
      });
    }
  }
  return inputs.map((input) => found.get(`${version}:${input.key}`) as HeadFeeds);
}
