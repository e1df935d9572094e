import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoOf } from './fs-durable';
import { isValidVersionId, versionIdOf, versionNumber } from './names';
import { registryError } from './registry-error';

/**
 * Version id reservation. Each id ever handed out is marked by an empty directory
 * `<role>/.ids/<id>`, created with `mkdir` (atomic, fails if present), so two writers — in one
 * process or many — never get the same id, and an id stays used after its version is discarded.
 */

/** The directory of id markers inside a model directory. */
export const IDS_DIR = '.ids';

/**
 * Reserves `wanted`, or the next id after every id used so far (markers and stored versions).
 * @throws RegistryError VERSION_EXISTS (ALREADY_EXISTS) when `wanted` was reserved before.
 */
export async function reserveVersionId(roleDir: string, wanted?: string): Promise<string> {
  const idsDir = join(roleDir, IDS_DIR);
  await mkdir(idsDir, { recursive: true });
  if (wanted !== undefined) {
    if (await tryMark(idsDir, wanted)) return wanted;
    throw registryError('VERSION_EXISTS', `version id ${wanted} was used before; ids are never reused`, { version: wanted });
  }
  let next = (await highestUsed(roleDir)) + 1;
  for (;;) {
    const id = versionIdOf(next);
    if (await tryMark(idsDir, id)) return id;
    next += 1;
  }
}

/** Marks `id` used without failing when it already is (seeding, imports of existing versions). */
export async function markVersionIdUsed(roleDir: string, id: string): Promise<void> {
  await mkdir(join(roleDir, IDS_DIR), { recursive: true });
  await tryMark(join(roleDir, IDS_DIR), id);
}

async function tryMark(idsDir: string, id: string): Promise<boolean> {
  try {
    await mkdir(join(idsDir, id));
    return true;
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false;
    throw error;
  }
}

async function highestUsed(roleDir: string): Promise<number> {
  const [versions, markers] = await Promise.all([namesIn(roleDir), namesIn(join(roleDir, IDS_DIR))]);
  return [...versions, ...markers].filter(isValidVersionId).reduce((max, id) => Math.max(max, versionNumber(id)), 0);
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return [];
    throw error;
  }
}
