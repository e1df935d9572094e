import type { Statements } from './statements';
import type { ResolvedOptions } from './store-options';

/** What one retention pass removed from the database; the files of `hashes` go next. */
export interface RetentionPlan {
  readonly runsDeleted: number;
  readonly bytesFreed: number;
  readonly hashes: readonly string[];
}

/**
 * Removes runs beyond the limits, oldest first (by age, then count, then blob bytes), and the blob
 * rows no run references any more that were untouched for the grace period. Runs that are still
 * being recorded through this store (`keep`) are never removed and do not count towards `maxRuns`. Runs inside the caller's
 * transaction; returns the blob hashes whose files the caller deletes after commit. Throws the
 * SQLite error when a statement fails (the transaction rolls back).
 */
export function applyRetention(
  sql: Statements,
  limits: ResolvedOptions['retention'],
  now: number,
  keep: ReadonlySet<string>,
): RetentionPlan {
  const graceCutoff = now - limits.orphanGraceMs;
  const hashes: string[] = [];
  let runsDeleted = 0;
  let bytesFreed = 0;

  const freeHash = (hash: string): void => {
    const row = sql.freeBlob.get(hash, graceCutoff) as { bytes: number } | undefined;
    if (row === undefined) return;
    sql.deleteBlob.run(hash);
    hashes.push(hash);
    bytesFreed += row.bytes;
  };
  const deleteRun = (runId: string): void => {
    const runHashes = (sql.hashesOfRun.all(runId) as Array<{ hash: string }>).map((r) => r.hash);
    sql.deleteRun.run(runId);
    runsDeleted += 1;
    runHashes.forEach(freeHash);
  };

  if (limits.maxAgeMs !== undefined) {
    const old = sql.runsCreatedBefore.all(now - limits.maxAgeMs) as Array<{ run_id: string }>;
    for (const { run_id } of old) if (!keep.has(run_id)) deleteRun(run_id);
  }
  if (limits.maxRuns !== undefined) {
    const count = (sql.countRuns.get() as { n: number }).n;
    // Runs still being recorded neither count nor go.
    let excess = count - keep.size - limits.maxRuns;
    if (excess > 0) {
      for (const { run_id } of sql.oldestRuns.all(excess + keep.size) as Array<{ run_id: string }>) {
        if (excess === 0) break;
        if (keep.has(run_id)) continue;
        deleteRun(run_id);
        excess -= 1;
      }
    }
  }
  for (const { hash } of sql.orphanBlobs.all(graceCutoff) as Array<{ hash: string }>) freeHash(hash);
  if (limits.maxBlobBytes !== undefined) {
    let total = (sql.blobBytes.get() as { n: number }).n;
    // One run at a time: runs share blobs, so deleting a run may free nothing.
    while (total > limits.maxBlobBytes) {
      const next = (sql.oldestRuns.all(keep.size + 1) as Array<{ run_id: string }>).find((r) => !keep.has(r.run_id));
      if (next === undefined) break;
      const freedBefore = bytesFreed;
      deleteRun(next.run_id);
      total -= bytesFreed - freedBefore;
    }
  }
  return { runsDeleted, bytesFreed, hashes };
}
