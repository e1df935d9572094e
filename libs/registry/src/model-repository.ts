import { rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readAlias, readAliases, removeAlias, writeAlias } from './aliases';
import { writeVersion } from './create-version';
import { fsyncDir, isDirectory } from './fs-durable';
import { assertName, assertVersionId } from './names';
import { withDirLock, type LockOptions } from './process-lock';
import { isRegistryError, registryError } from './registry-error';
import { tempName } from './temp-names';
import type { ActivateOptions, AliasRecord, AliasState, CreateVersionOptions, ModelVersion, RollbackOptions, VersionState } from './types';
import { listVersionIds, readVersion, roleDirOf, stateOf, verifyVersionFiles } from './version-store';

/**
 * The versions of one model (a module and role, e.g. `loc/student`): what a module service holds
 * to list, create, activate, roll back and discard its versions. Every method goes to disk, so
 * several processes can share one repository; alias changes and discards run under the model's
 * lock.
 */
export interface ModelRepository {
  readonly module: string;
  readonly role: string;
  /** Absolute path of the model directory `<root>/<module>/<role>`. */
  readonly dir: string;
  /**
   * Every stored version, oldest first, with its state; none when the model does not exist.
   * @throws RegistryError MANIFEST_CORRUPT or ALIAS_CORRUPT (DATA_LOSS).
   */
  listVersions(): Promise<ModelVersion[]>;
  /**
   * One version with its manifest and absolute file paths; `verify` re-hashes its files first.
   * @throws RegistryError INVALID_NAME; VERSION_NOT_FOUND; MANIFEST_CORRUPT, FILE_MISSING,
   *   CHECKSUM_MISMATCH (DATA_LOSS).
   */
  getVersion(version: string, options?: { readonly verify?: boolean }): Promise<ModelVersion>;
  /** Same as `getVersion(version, { verify: true })`. */
  verifyVersion(version: string): Promise<ModelVersion>;
  /** @throws RegistryError INVALID_NAME; VERSION_NOT_FOUND (a discarded version is gone). */
  state(version: string): Promise<VersionState>;
  /** The `active` alias, or `null` when no version is active. @throws RegistryError ALIAS_CORRUPT. */
  active(): Promise<AliasRecord | null>;
  /** The `previous` alias (the rollback target), or `null`. @throws RegistryError ALIAS_CORRUPT. */
  previous(): Promise<AliasRecord | null>;
  /**
   * Writes a new immutable version (a candidate: no alias moves) and returns it.
   * @throws RegistryError INVALID_NAME, INVALID_MANIFEST, INVALID_FILES; PARENT_NOT_FOUND;
   *   VERSION_EXISTS.
   */
  createVersion(options: CreateVersionOptions): Promise<ModelVersion>;
  /**
   * Makes `version` active and the former active `previous`. Activating the active version changes
   * nothing (safe to retry).
   * @throws RegistryError VERSION_NOT_FOUND; ACTIVE_VERSION_MISMATCH (ABORTED) when
   *   `expectedActive` is given and wrong; REGISTRY_BUSY; CHECKSUM_MISMATCH/FILE_MISSING when
   *   verification finds damage.
   */
  activate(version: string, options?: ActivateOptions): Promise<AliasState>;
  /**
   * Makes `previous` active again and clears `previous`; the version rolled back from becomes a
   * candidate (so it can be discarded, or activated again).
   * @throws RegistryError NO_PREVIOUS_VERSION (FAILED_PRECONDITION); ACTIVE_VERSION_MISMATCH;
   *   VERSION_NOT_FOUND when the previous version's directory vanished; REGISTRY_BUSY.
   */
  rollback(options?: RollbackOptions): Promise<AliasState>;
  /**
   * Removes a candidate: renamed out of sight atomically, then deleted. Its id is never reused.
   * @throws RegistryError VERSION_IN_USE (FAILED_PRECONDITION) for the active or previous
   *   version; VERSION_NOT_FOUND; REGISTRY_BUSY.
   */
  discard(version: string): Promise<void>;
}

/**
 * Opens the repository of one model under `root`. Opening touches nothing on disk.
 * @throws RegistryError INVALID_NAME when `module` or `role` break the naming rules.
 */
export function createModelRepository(rootPath: string, module: string, role: string, lock: LockOptions = {}): ModelRepository {
  const root = resolve(rootPath);
  assertName('module', module);
  assertName('role', role);
  const dir = roleDirOf(root, module, role);
  const notFound = (version: string) =>
    registryError('VERSION_NOT_FOUND', `version ${module}/${role}@${version} not found`, { module, role, version });
  const requireDir = async (version: string) => {
    if (!(await isDirectory(join(dir, version)))) throw notFound(version);
  };
  const checkExpected = (expected: string | null | undefined, current: AliasRecord | null) => {
    if (expected === undefined || expected === (current?.version ?? null)) return;
    throw registryError(
      'ACTIVE_VERSION_MISMATCH',
      `expected ${module}/${role} to have active version ${expected ?? '(none)'} but it is ${current?.version ?? '(none)'}`,
      { module, role, expected: expected ?? '', actual: current?.version ?? '' },
    );
  };

  const getVersion: ModelRepository['getVersion'] = async (version, options = {}) => {
    assertVersionId('version', version);
    const found = await readVersion(root, module, role, version, await readAliases(dir));
    if (options.verify === true) await verifyVersionFiles(found);
    return found;
  };

  return {
    module,
    role,
    dir,
    async listVersions() {
      const aliases = await readAliases(dir);
      const ids = await listVersionIds(dir);
      const read = await Promise.all(ids.map((id) => readVersion(root, module, role, id, aliases).catch(skipVanished)));
      return read.filter((version): version is ModelVersion => version !== undefined);
    },
    getVersion,
    verifyVersion: (version) => getVersion(version, { verify: true }),
    async state(version) {
      assertVersionId('version', version);
      await requireDir(version);
      return stateOf(version, await readAliases(dir));
    },
    active: () => readAlias(dir, 'active'),
    previous: async () => (await readAliases(dir)).previous,
    async createVersion(options) {
      const version = await writeVersion(root, module, role, options);
      return getVersion(version);
    },
    async activate(version, options = {}) {
      await getVersion(version, { verify: options.verify ?? true });
      return withDirLock(
        dir,
        async () => {
          await requireDir(version);
          const current = await readAliases(dir);
          checkExpected(options.expectedActive, current.active);
          if (current.active?.version === version) return current;
          const previous = current.active === null ? null : await writeAlias(dir, 'previous', current.active.version);
          const active = await writeAlias(dir, 'active', version);
          if (previous === null) await removeAlias(dir, 'previous');
          return { active, previous };
        },
        lock,
      );
    },
    async rollback(options = {}) {
      if (!(await isDirectory(dir))) throw noPrevious(module, role);
      return withDirLock(
        dir,
        async () => {
          const current = await readAliases(dir);
          checkExpected(options.expectedActive, current.active);
          if (current.previous === null) throw noPrevious(module, role);
          await requireDir(current.previous.version);
          const active = await writeAlias(dir, 'active', current.previous.version);
          await removeAlias(dir, 'previous');
          return { active, previous: null };
        },
        lock,
      );
    },
    async discard(version) {
      assertVersionId('version', version);
      await requireDir(version);
      const trash = join(dir, tempName('trash'));
      await withDirLock(
        dir,
        async () => {
          await requireDir(version);
          const state = stateOf(version, await readAliases(dir));
          if (state !== 'candidate') {
            throw registryError('VERSION_IN_USE', `version ${module}/${role}@${version} is ${state} and cannot be discarded`, {
              module,
              role,
              version,
              state,
            });
          }
          await rename(join(dir, version), trash);
          await fsyncDir(dir);
        },
        lock,
      );
      await rm(trash, { recursive: true, force: true });
    },
  };
}

function noPrevious(module: string, role: string) {
  return registryError('NO_PREVIOUS_VERSION', `${module}/${role} has no previous version to roll back to`, { module, role });
}

/** A version discarded between listing and reading it is simply not listed. */
function skipVanished(error: unknown): undefined {
  if (isRegistryError(error) && error.reason === 'VERSION_NOT_FOUND') return undefined;
  throw error;
}
