import { chmod, link, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { copyNewFile, errnoOf, fsyncDir, pathExists, writeFileAtomic, writeNewFile } from './fs-durable';
import { inputManifestSchema, renderManifest } from './manifest';
import { assertFileKey, assertRelativeFilePath, assertVersionId, isValidName, isValidVersionId } from './names';
import { registryError } from './registry-error';
import { reserveVersionId } from './version-ids';
import { sha256Bytes, sha256File } from './sha256';
import { tempName } from './temp-names';
import type { CreateVersionOptions, FileSource } from './types';

/**
 * Writing a new version: everything goes into a staging directory first (files, then the
 * manifest with every sha256), and one rename makes it visible under its id. A crash before the
 * rename leaves only a dot-named staging directory, which readers ignore and the next open
 * removes; the rename itself refuses to replace an existing version.
 */

/** Read-only bits given to every stored file, a second guard of immutability. */
const READ_ONLY = 0o444;

interface PlannedFile {
  readonly key: string;
  readonly relativePath: string;
  readonly source: FileSource;
}

/**
 * Writes a new version of `module/role` under `root` and returns its id.
 * @throws RegistryError INVALID_NAME, INVALID_MANIFEST, INVALID_FILES (INVALID_ARGUMENT);
 *   PARENT_NOT_FOUND (NOT_FOUND); VERSION_EXISTS (ALREADY_EXISTS) for a given id used before.
 */
export async function writeVersion(root: string, module: string, role: string, options: CreateVersionOptions): Promise<string> {
  const roleDir = join(root, module, role);
  const input = parseInput(module, role, options);
  const plan = planFiles(options, input.files ?? {});
  const parent = options.parent ?? null;
  if (parent !== null) {
    assertVersionId('parent', parent);
    if (!(await pathExists(join(roleDir, parent, 'manifest.json')))) {
      throw registryError('PARENT_NOT_FOUND', `parent ${module}/${role}@${parent} not found`, { module, role, parent });
    }
  }
  const wanted = options.version === undefined ? undefined : assertVersionId('version', options.version);
  if (wanted !== undefined && (await pathExists(join(roleDir, wanted)))) throw versionExists(module, role, wanted);

  await mkdir(roleDir, { recursive: true });
  const staging = join(roleDir, tempName('tmp'));
  await mkdir(staging);
  try {
    const files: Record<string, Record<string, unknown>> = {};
    for (const file of plan) {
      const sha256 = await stageFile(root, staging, file);
      files[file.key] = { ...(input.files?.[file.key] ?? {}), path: file.relativePath, sha256 };
    }
    const { name, files: _given, lineage: givenLineage, ...rest } = input;
    for (const key of ['module', 'role', 'version', 'parent', 'createdAt']) delete rest[key];
    const lineage = options.lineage ?? givenLineage;
    const base = { name: name ?? `${module}-${role}`, module, role };
    const tail = { ...rest, ...(lineage === undefined ? {} : { lineage }), files };
    const createdAt = new Date().toISOString();
    for (let attempt = 0; attempt < 1000; attempt += 1) {
      const version = await reserveVersionId(roleDir, wanted);
      const manifest = { ...base, version, parent, createdAt, ...tail };
      await writeFileAtomic(join(staging, 'manifest.json'), renderManifest(manifest), READ_ONLY);
      if (await commit(staging, join(roleDir, version))) {
        await fsyncDir(roleDir);
        return version;
      }
      if (wanted !== undefined) throw versionExists(module, role, wanted);
    }
    throw registryError('VERSION_EXISTS', `no free version id found for ${module}/${role}`, { module, role });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Renames the staging directory into place; false when the id is taken by a version already there. */
async function commit(staging: string, target: string): Promise<boolean> {
  if (await pathExists(target)) return false;
  try {
    await rename(staging, target);
    return true;
  } catch (error) {
    if (['ENOTEMPTY', 'EEXIST', 'EISDIR', 'ENOTDIR'].includes(errnoOf(error) ?? '')) return false;
    throw error;
  }
}

function parseInput(module: string, role: string, options: CreateVersionOptions) {
  const parsed = inputManifestSchema.safeParse(options.manifest ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw registryError('INVALID_MANIFEST', `manifest is not valid at ${issue.path.join('.') || '(root)'}: ${issue.message}`, {
      field: issue.path.join('.'),
    });
  }
  for (const [field, expected] of [['module', module], ['role', role]] as const) {
    const given = parsed.data[field];
    if (given !== undefined && given !== expected) {
      throw registryError('INVALID_MANIFEST', `manifest names ${field} "${given}" but the version is for "${expected}"`, { field });
    }
  }
  try {
    JSON.stringify(parsed.data);
  } catch (error) {
    throw registryError('INVALID_MANIFEST', `manifest is not JSON-serialisable: ${(error as Error).message}`, {});
  }
  return parsed.data as typeof parsed.data & Record<string, unknown>;
}

function planFiles(options: CreateVersionOptions, declared: Record<string, { path?: string }>): PlannedFile[] {
  const given = options.files;
  if (typeof given !== 'object' || given === null || Object.keys(given).length === 0) {
    throw registryError('INVALID_FILES', 'a version needs at least one file', {});
  }
  for (const key of Object.keys(declared)) {
    if (!Object.prototype.hasOwnProperty.call(given, key)) {
      throw registryError('INVALID_FILES', `manifest lists file "${key}" but no content was given for it`, { file: key });
    }
  }
  const seen = new Set<string>();
  return Object.entries(given).map(([key, source]) => {
    assertFileKey(key);
    if (!(source instanceof Uint8Array) && typeof source !== 'string') {
      throw registryError('INVALID_FILES', `file "${key}" must be bytes or a path`, { file: key });
    }
    const relativePath = assertRelativeFilePath(`files.${key}.path`, declared[key]?.path ?? key);
    if (seen.has(relativePath)) throw registryError('INVALID_FILES', `two files share the path ${relativePath}`, { file: key });
    seen.add(relativePath);
    return { key, relativePath, source };
  });
}

async function stageFile(root: string, staging: string, file: PlannedFile): Promise<string> {
  const target = join(staging, ...file.relativePath.split('/'));
  await mkdir(dirname(target), { recursive: true });
  if (file.source instanceof Uint8Array) {
    await writeNewFile(target, file.source, READ_ONLY);
    return sha256Bytes(file.source);
  }
  const source = resolve(file.source);
  const info = await stat(source).catch(() => undefined);
  if (info === undefined || !info.isFile()) {
    throw registryError('INVALID_FILES', `file "${file.key}": ${file.source} is not a readable file`, { file: file.key });
  }
  if (!(isStoredFile(root, source) && (await tryLink(source, target)))) {
    await copyNewFile(source, target);
    await chmod(target, READ_ONLY);
  }
  return sha256File(target);
}

/** True when `path` is a file of a committed version in this registry (immutable, so linkable). */
function isStoredFile(root: string, path: string): boolean {
  const inside = relative(root, path);
  if (inside.startsWith('..') || isAbsolute(inside)) return false;
  const [module, role, version, ...rest] = inside.split(sep);
  return isValidName(module) && isValidName(role) && isValidVersionId(version) && rest.length > 0;
}

async function tryLink(source: string, target: string): Promise<boolean> {
  try {
    await link(source, target);
    return true;
  } catch {
    return false;
  }
}

function versionExists(module: string, role: string, version: string) {
  return registryError('VERSION_EXISTS', `version ${module}/${role}@${version} exists or existed; versions are immutable and ids are never reused`, {
    module,
    role,
    version,
  });
}
