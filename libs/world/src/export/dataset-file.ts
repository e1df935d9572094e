import { createHash } from 'node:crypto';

/** One file of an exported dataset: its path relative to the dataset folder and its bytes. */
export interface DatasetFile {
  readonly path: string;
  readonly data: Buffer;
}

/** Accumulates files one at a time (keeping only a digest of each) and hashes the set. */
export interface DatasetHasher {
  add(file: DatasetFile): void;
  /** How many files were added. */
  readonly count: number;
  /** The hash of every file added so far; see {@link hashDatasetFiles}. */
  digest(): string;
}

/** Starts an empty {@link DatasetHasher}. Never throws. */
export function createDatasetHasher(): DatasetHasher {
  const entries: Array<[string, string]> = [];
  return {
    add(file) {
      entries.push([file.path, createHash('sha256').update(file.data).digest('hex')]);
    },
    get count() {
      return entries.length;
    },
    digest() {
      const hash = createHash('sha256');
      for (const [path, digest] of [...entries].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) hash.update(`${path}\n${digest}\n`);
      return hash.digest('hex');
    },
  };
}

/**
 * A content hash of a set of files: SHA-256 over every file's path and the SHA-256 of its bytes,
 * in sorted path order. The same files give the same hash on any machine, wherever they were
 * written; it is what `vprog world … --json` prints. Never throws.
 */
export function hashDatasetFiles(files: Iterable<DatasetFile>): string {
  const hasher = createDatasetHasher();
  for (const file of files) hasher.add(file);
  return hasher.digest();
}

/** JSON Lines: one compact JSON value per line, newline-terminated. */
export function jsonLines(values: readonly unknown[]): Buffer {
  return Buffer.from(values.map((value) => `${JSON.stringify(value)}\n`).join(''), 'utf8');
}
