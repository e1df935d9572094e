import { headFeedsBytes, type HeadFeeds } from '@vprog/models';

/**
 * Backbone features by content hash, bounded in bytes, least recently used out first. Keys carry
 * the model version (`<version>:<sha256>`): a backbone's features belong to that version only.
 * One cache lives as long as the service, so the same inputs sent by a later Distill call (the
 * coordinator re-sends anchors every round) do not run the backbone again.
 */
export interface FeatureCache {
  get(key: string): HeadFeeds | undefined;
  set(key: string, feeds: HeadFeeds): void;
  /** Entries held now. */
  readonly size: number;
  /** Bytes held now. */
  readonly bytes: number;
  /** Lookups answered from the cache and not, since creation. */
  readonly stats: { readonly hits: number; readonly misses: number };
}

/** Creates an empty cache holding at most `maxBytes` of tensors (0 disables caching). */
export function createFeatureCache(maxBytes: number): FeatureCache {
  const entries = new Map<string, { feeds: HeadFeeds; bytes: number }>();
  const stats = { hits: 0, misses: 0 };
  let bytes = 0;
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) {
        stats.misses += 1;
        return undefined;
      }
      stats.hits += 1;
      entries.delete(key);
      entries.set(key, entry);
      return entry.feeds;
    },
    set(key, feeds) {
      const size = headFeedsBytes(feeds);
      const old = entries.get(key);
      if (old !== undefined) {
        entries.delete(key);
        bytes -= old.bytes;
      }
      if (size > maxBytes) return;
      entries.set(key, { feeds, bytes: size });
      bytes += size;
      for (const [oldest, entry] of entries) {
        if (bytes <= maxBytes) break;
        entries.delete(oldest);
        bytes -= entry.bytes;
      }
    },
    get size() {
      return entries.size;
    },
    get bytes() {
      return bytes;
    },
    stats,
  };
}
