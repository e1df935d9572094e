import { mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { removeLeftovers } from './cleanup';
import { createModelRepository, type ModelRepository } from './model-repository';
import { isValidName } from './names';
import { seedRepository } from './seed';
import type { ModelKey, RegistryOptions, SeedReport } from './types';

/**
 * The model repository on disk (`<root>/<module>/<role>/<version>/`), shared by the module
 * services of one deployment. Open it once per process with {@link createRegistry}, then work on
 * one model through {@link Registry.model}.
 */
export interface Registry {
  /** Absolute path of the repository. */
  readonly root: string;
  /** What seeding did when the registry was opened (empty without `seedFrom`). */
  readonly seed: SeedReport;
  /** Leftovers of interrupted work that opening removed. */
  readonly cleaned: readonly string[];
  /** Every module/role stored, sorted. */
  models(): Promise<ModelKey[]>;
  /**
   * The versions of one model. The model need not exist yet: its first `createVersion` creates it.
   * @throws RegistryError INVALID_NAME when `module` or `role` break the naming rules.
   */
  model(module: string, role: string): ModelRepository;
}

const DEFAULT_STALE_AFTER_MS = 60 * 60 * 1000;

/**
 * Opens (and creates, if missing) the repository at `options.root`: removes leftovers of
 * interrupted writes, then seeds module/roles it does not have yet from `options.seedFrom`.
 * Idempotent and safe when several processes open the same root at once.
 * @throws RegistryError SEED_INVALID (FAILED_PRECONDITION) when the seed is missing or broken;
 *   the filesystem error when `root` cannot be created.
 */
export async function createRegistry(options: RegistryOptions): Promise<Registry> {
  const root = resolve(options.root);
  await mkdir(root, { recursive: true });
  const cleaned = await removeLeftovers(root, options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS);
  const seed = options.seedFrom === undefined ? { seeded: [], skipped: [] } : await seedRepository(root, options.seedFrom);
  return {
    root,
    seed,
    cleaned,
    async models() {
      const keys: ModelKey[] = [];
      for (const module of await validDirs(root)) {
        for (const role of await validDirs(join(root, module))) keys.push({ module, role });
      }
      return keys;
    },
    model: (module, role) => createModelRepository(root, module, role, options.lock),
  };
}

async function validDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && isValidName(entry.name))
    .map((entry) => entry.name)
    .sort();
}
