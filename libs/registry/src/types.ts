import type { LockOptions } from './process-lock';
import type { VersionManifest } from './manifest';

/**
 * The public value types of the registry. A version is addressed by module (`loc`), role
 * (`student`, `teacher`) and id (`v3`).
 */

/**
 * Where a version stands: serving (`active`), the rollback target (`previous`), or neither
 * (`candidate`: freshly trained, or rolled back from). A discarded version is gone: asking for it
 * answers VERSION_NOT_FOUND.
 */
export type VersionState = 'active' | 'previous' | 'candidate';

/** The content of an alias file (`active`, `previous`): the version it names and when it was set. */
export interface AliasRecord {
  readonly version: string;
  readonly updatedAt: string;
}

/** Both aliases of a model after a change. `null` where the alias is not set. */
export interface AliasState {
  readonly active: AliasRecord | null;
  readonly previous: AliasRecord | null;
}

/** One file of a version, resolved for loading. */
export interface VersionFile {
  /** Absolute path, ready for onnxruntime or `readFile`. */
  readonly path: string;
  /** The path relative to the version directory, as the manifest records it. */
  readonly relativePath: string;
  readonly sha256: string;
}

/** A stored version: its manifest, where its files are, and its state at the time of reading. */
export interface ModelVersion {
  readonly module: string;
  readonly role: string;
  readonly version: string;
  /** Absolute path of the version directory. */
  readonly dir: string;
  readonly manifest: VersionManifest;
  /** The manifest's `files`, keyed the same way, with absolute paths. */
  readonly files: Readonly<Record<string, VersionFile>>;
  readonly state: VersionState;
}

/**
 * The content of one new file: bytes, or the path of a file to copy. A path inside the registry
 * (a file of an existing version, e.g. the parent's frozen backbone) is hard-linked instead of
 * copied where the filesystem allows, which is safe because versions never change.
 */
export type FileSource = Uint8Array | string;

/** What `createVersion` needs. */
export interface CreateVersionOptions {
  /**
   * The version this one derives from (`null` for a root version). It must exist now.
   * Defaults to `null`.
   */
  readonly parent?: string | null;
  /**
   * The files, keyed like the manifest's `files` (e.g. `{ head: bytes, backbone: parentPath }`).
   * Each is written at `manifest.files[key].path` when the manifest names one, else at the key.
   */
  readonly files: Readonly<Record<string, FileSource>>;
  /**
   * The rest of the manifest (inputs/outputs, label space, tokenizer, metrics...), kept as given.
   * The registry sets `module`, `role`, `version`, `parent`, `createdAt`, `lineage` and every
   * file's `sha256` itself; `name` defaults to `<module>-<role>`.
   */
  readonly manifest?: Readonly<Record<string, unknown>>;
  /** Free-form lineage: teacher, data hash, training curve, metrics, gate decision... */
  readonly lineage?: Readonly<Record<string, unknown>>;
  /** A specific id (`v7`) instead of the next free one; an id used before is refused. */
  readonly version?: string;
}

/** Options of `activate`. */
export interface ActivateOptions {
  /**
   * Compare-and-swap: the version the caller believes is active (`null`: none). When the active
   * version differs, nothing changes and ABORTED / ACTIVE_VERSION_MISMATCH is thrown.
   */
  readonly expectedActive?: string | null;
  /** Check every file's sha256 before switching. Default true. */
  readonly verify?: boolean;
}

/** Options of `rollback`. */
export interface RollbackOptions {
  /** Compare-and-swap on the active version, as in {@link ActivateOptions.expectedActive}. */
  readonly expectedActive?: string | null;
}

/** Options of `createRegistry`. */
export interface RegistryOptions {
  /** The repository directory (from config). Created if missing. */
  readonly root: string;
  /**
   * A directory laid out like the repository (the committed `models/`) whose module/roles are
   * copied into `root` when `root` has none of them yet. The source is only read, never written.
   */
  readonly seedFrom?: string;
  /** Lock timing for alias changes and discards. */
  readonly lock?: LockOptions;
  /**
   * Leftovers (staging directories, temp files) older than this are removed on open even when
   * their owner cannot be proven dead (e.g. written from another host). Default one hour.
   */
  readonly staleAfterMs?: number;
}

/** One module/role the repository holds. */
export interface ModelKey {
  readonly module: string;
  readonly role: string;
}

/** What seeding did on open. */
export interface SeedReport {
  /** Module/roles copied from the seed, with their versions and the one made active. */
  readonly seeded: ReadonlyArray<ModelKey & { readonly versions: readonly string[]; readonly active: string }>;
  /** Module/roles of the seed that the repository already had (left as they were). */
  readonly skipped: readonly ModelKey[];
}
