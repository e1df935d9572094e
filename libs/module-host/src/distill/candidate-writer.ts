import { cancelled, type Logger } from '@vprog/grpc-kit';
import type { GoldenCase } from '@vprog/models';
import type { ModelVersion } from '@vprog/registry';

/** One trained candidate ready to be stored. */
export interface CandidateFiles {
  readonly alpha: number;
  readonly head: Uint8Array;
  readonly goldens: readonly GoldenCase[];
  /** Metrics of this candidate, e.g. `{ final_loss: 0.2 }` (stored as group `distill`). */
  readonly metrics: Readonly<Record<string, number>>;
}

/** What storing candidates needs of the host: the registry entry, loading, and discarding. */
export interface CandidateStore {
  readonly repository: {
    createVersion(options: {
      parent: string;
      files: Record<string, Uint8Array | string>;
      manifest: Record<string, unknown>;
      lineage: Record<string, unknown>;
    }): Promise<ModelVersion>;
  };
  /** Loads and golden-checks a version so it can answer requests that name it. */
  slot(version: string): Promise<unknown>;
  discard(version: string): Promise<unknown>;
}

/**
 * Writes each candidate as a new immutable version next to its parent — the parent's files with
 * the new `head.onnx`, the parent's manifest with the recomputed goldens, the candidate's metrics
 * and its lineage (one write each, atomic in the registry) — then loads each one, which runs its
 * golden check, so it serves requests naming it. `active` is never touched. When anything fails
 * (or the call is cancelled) every version written so far is discarded again before the error
 * goes on, so a failed Distill leaves no candidate behind.
 * @throws whatever writing or loading throws; VprogError CANCELLED when `signal` aborts.
 */
export async function storeCandidates(
  store: CandidateStore,
  parent: ModelVersion,
  candidates: readonly CandidateFiles[],
  lineage: Readonly<Record<string, unknown>>,
  options: { readonly logger: Logger; readonly signal?: AbortSignal },
): Promise<ModelVersion[]> {
  const written: ModelVersion[] = [];
  const checkCancel = () => {
    if (options.signal?.aborted) throw cancelled('distillation cancelled before its candidates were stored', { reason: 'CANCELLED' });
  };
  try {
    for (const candidate of candidates) {
      checkCancel();
      const base = parent.manifest as Record<string, unknown>;
      const files = Object.fromEntries(Object.entries(parent.files).map(([key, file]) => [key, key === 'head' ? candidate.head : file.path]));
      const manifest: Record<string, unknown> = {
        ...base,
        description: `${String(base.description ?? '')} Distilled from ${parent.version} (WiSE-FT α ${candidate.alpha}).`.trim(),
        files: Object.fromEntries(Object.entries(parent.files).map(([key, file]) => [key, { path: file.relativePath }])),
        metrics: { distill: { ...candidate.metrics } },
        golden: candidate.goldens,
      };
      const version = await store.repository.createVersion({
        parent: parent.version,
        files,
        manifest,
        lineage: { ...lineage, wiseFtAlpha: candidate.alpha },
      });
      written.push(version);
      options.logger.log('info', 'distilled candidate written', { module: parent.module, version: version.version, parent: parent.version, alpha: candidate.alpha });
    }
    for (const version of written) {
      checkCancel();
      await store.slot(version.version);
    }
    checkCancel();
    return written;
  } catch (error) {
    for (const version of written) {
      await store.discard(version.version).catch((e: unknown) => options.logger.log('error', 'discarding a failed candidate failed', { version: version.version, error: String(e) }));
    }
    throw error;
  }
}
