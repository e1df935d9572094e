import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoOf } from './fs-durable';
import { readStoredManifest } from './manifest';
import { compareVersionIds, isValidVersionId } from './names';
import { registryError } from './registry-error';
import { sha256File } from './sha256';
import type { AliasState, ModelVersion, VersionFile, VersionState } from './types';

/**
 * Reading stored versions: which ids a model has, one version's manifest and resolved files, and
 * sha256 verification. Only directories named like a version id count; staging and trash entries
 * (dot-named) are invisible here, which is what makes a half-written version invisible.
 */

/** The directory of one model. */
export function roleDirOf(root: string, module: string, role: string): string {
  return join(root, module, role);
}

/** The ids of the versions stored under `roleDir`, oldest first; none when the model does not exist. */
export async function listVersionIds(roleDir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(roleDir, { withFileTypes: true });
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isDirectory() && isValidVersionId(entry.name))
    .map((entry) => entry.name)
    .sort(compareVersionIds);
}

/** The state of `version` given the model's aliases. */
export function stateOf(version: string, aliases: AliasState): VersionState {
  if (aliases.active?.version === version) return 'active';
  if (aliases.previous?.version === version) return 'previous';
  return 'candidate';
}

/**
 * Reads one stored version.
 * @throws RegistryError VERSION_NOT_FOUND; MANIFEST_CORRUPT (DATA_LOSS).
 */
export async function readVersion(
  root: string,
  module: string,
  role: string,
  version: string,
  aliases: AliasState,
): Promise<ModelVersion> {
  const dir = join(roleDirOf(root, module, role), version);
  const manifest = await readStoredManifest(dir, { module, role, version });
  const files: Record<string, VersionFile> = {};
  for (const [key, entry] of Object.entries(manifest.files)) {
    files[key] = { path: join(dir, ...entry.path.split('/')), relativePath: entry.path, sha256: entry.sha256 };
  }
  return { module, role, version, dir, manifest, files, state: stateOf(version, aliases) };
}

/**
 * Re-hashes every file of a version and compares it with the manifest.
 * @throws RegistryError FILE_MISSING or CHECKSUM_MISMATCH (both DATA_LOSS), naming the file.
 */
export async function verifyVersionFiles(version: ModelVersion): Promise<void> {
  for (const [key, file] of Object.entries(version.files)) {
    const where = { module: version.module, role: version.role, version: version.version, file: key, path: file.relativePath };
    let actual: string;
    try {
      actual = await sha256File(file.path);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'EISDIR') {
        throw registryError('FILE_MISSING', `file ${file.relativePath} of ${label(version)} is missing`, where);
      }
      throw error;
    }
    if (actual !== file.sha256) {
      throw registryError('CHECKSUM_MISMATCH', `file ${file.relativePath} of ${label(version)} does not match its sha256`, {
        ...where,
        expected: file.sha256,
        actual,
      });
    }
  }
}

function label(version: ModelVersion): string {
  return `${version.module}/${version.role}@${version.version}`;
}
