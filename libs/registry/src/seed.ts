import { chmod, mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeAlias } from './aliases';
import { copyTree } from './copy-tree';
import { errnoOf, fsyncDir, isDirectory, pathExists, writeFileAtomic } from './fs-durable';
import { parseManifest, renderManifest, seedManifestSchema } from './manifest';
import { isValidName, isValidVersionId } from './names';
import { registryError } from './registry-error';
import { sha256File } from './sha256';
import { tempName } from './temp-names';
import type { ModelKey, SeedReport } from './types';
import { markVersionIdUsed } from './version-ids';
import { listVersionIds } from './version-store';

/**
 * First-run seeding: copies each module/role of a committed model zoo (`models/<module>/<role>/
 * <version>/`) into the repository when the repository has no such model yet. A model is built
 * completely in a staging directory beside its final place (versions, sha256s, id markers, the
 * `active` alias) and appears with one rename, so two processes starting at once cannot both seed
 * it or leave half of it: the second rename fails and its copy is dropped.
 */

/**
 * Seeds `root` from `seedFrom`; module/roles already in `root` are left untouched.
 * @throws RegistryError SEED_INVALID (FAILED_PRECONDITION) when the seed directory is missing, a
 *   version lacks or breaks its manifest, a listed file is missing, or a recorded sha256 differs
 *   from the file (the seed is not copied then).
 */
export async function seedRepository(root: string, seedFrom: string): Promise<SeedReport> {
  const source = resolve(seedFrom);
  if (!(await isDirectory(source))) {
    throw registryError('SEED_INVALID', `seed directory ${source} does not exist`, { seedFrom: source });
  }
  const seeded: Array<SeedReport['seeded'][number]> = [];
  const skipped: ModelKey[] = [];
  for (const module of await childDirs(source)) {
    for (const role of await childDirs(join(source, module))) {
      const versions = await listVersionIds(join(source, module, role));
      if (versions.length === 0) continue;
      if (await pathExists(join(root, module, role))) {
        skipped.push({ module, role });
        continue;
      }
      const active = await seedModel(root, join(source, module, role), { module, role }, versions);
      if (active === undefined) skipped.push({ module, role });
      else seeded.push({ module, role, versions, active });
    }
  }
  return { seeded, skipped };
}

async function seedModel(root: string, source: string, key: ModelKey, versions: string[]): Promise<string | undefined> {
  const moduleDir = join(root, key.module);
  await mkdir(moduleDir, { recursive: true });
  const staging = join(moduleDir, tempName('seed'));
  await mkdir(staging);
  try {
    for (const version of versions) {
      await copyTree(join(source, version), join(staging, version));
      await sealManifest(join(staging, version), { ...key, version });
      await markVersionIdUsed(staging, version);
    }
    const active = await seedActive(source, versions);
    await writeAlias(staging, 'active', active);
    await fsyncDir(staging);
    try {
      await rename(staging, join(moduleDir, key.role));
    } catch (error) {
      if (['ENOTEMPTY', 'EEXIST'].includes(errnoOf(error) ?? '')) {
        await rm(staging, { recursive: true, force: true });
        return undefined;
      }
      throw error;
    }
    await fsyncDir(moduleDir);
    return active;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Checks the copied manifest, fills in missing sha256s (on the copy only) and makes it read-only. */
async function sealManifest(versionDir: string, identity: ModelKey & { version: string }): Promise<void> {
  const path = join(versionDir, 'manifest.json');
  const where = `${identity.module}/${identity.role}@${identity.version}`;
  const text = await readFile(path, 'utf8').catch(() => {
    throw registryError('SEED_INVALID', `seed version ${where} has no manifest.json`, { ...identity });
  });
  const manifest = parseManifest(seedManifestSchema, text, identity, 'SEED_INVALID');
  let filled = false;
  for (const [key, entry] of Object.entries(manifest.files)) {
    const actual = await sha256File(join(versionDir, ...entry.path.split('/'))).catch(() => {
      throw registryError('SEED_INVALID', `seed version ${where} lists file ${key} (${entry.path}) that is missing`, { ...identity, file: key });
    });
    if (entry.sha256 !== undefined && entry.sha256 !== actual) {
      throw registryError('SEED_INVALID', `seed file ${entry.path} of ${where} does not match its recorded sha256`, {
        ...identity,
        file: key,
        expected: entry.sha256,
        actual,
      });
    }
    if (entry.sha256 === undefined) filled = true;
    entry.sha256 = actual;
  }
  if (filled) await writeFileAtomic(path, renderManifest(manifest), 0o444);
  else await chmod(path, 0o444);
}

/** The seed's own `active` alias when it names one of its versions, else its newest version. */
async function seedActive(source: string, versions: string[]): Promise<string> {
  const text = await readFile(join(source, 'active'), 'utf8').catch(() => undefined);
  if (text !== undefined) {
    let named: unknown = text.trim();
    try {
      named = (JSON.parse(text) as { version?: unknown }).version;
    } catch {
      // A plain-text alias: the id itself.
    }
    if (isValidVersionId(named) && versions.includes(named)) return named;
  }
  return versions[versions.length - 1];
}

async function childDirs(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries) {
    if (!isValidName(entry.name)) continue;
    if (entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(join(dir, entry.name))))) names.push(entry.name);
  }
  return names.sort();
}
