import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoOf, unlinkDurable, writeFileAtomic } from './fs-durable';
import { isValidVersionId } from './names';
import { registryError } from './registry-error';
import type { AliasRecord, AliasState } from './types';

/**
 * The alias files of one model (`<root>/<module>/<role>/active` and `previous`). Each is a small
 * JSON file replaced atomically (temp file + fsync + rename), so a reader always sees a whole
 * record. Changes that touch both run under the model's lock (see `withDirLock`).
 */

/** The aliases the registry keeps. */
export type AliasName = 'active' | 'previous';

/**
 * Reads one alias; `null` when it is not set.
 * @throws RegistryError ALIAS_CORRUPT (DATA_LOSS) when the file is not a valid record.
 */
export async function readAlias(roleDir: string, name: AliasName): Promise<AliasRecord | null> {
  let text: string;
  try {
    text = await readFile(join(roleDir, name), 'utf8');
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return null;
    throw error;
  }
  let value: Partial<AliasRecord> | undefined;
  try {
    value = JSON.parse(text) as Partial<AliasRecord>;
  } catch {
    value = undefined;
  }
  if (value === undefined || !isValidVersionId(value.version) || typeof value.updatedAt !== 'string') {
    throw registryError('ALIAS_CORRUPT', `alias ${name} in ${roleDir} is not a valid record`, { alias: name });
  }
  return { version: value.version, updatedAt: value.updatedAt };
}

/**
 * Reads both aliases. A `previous` equal to `active` (what a crash between the two writes of an
 * activation leaves) reads as no previous.
 * @throws RegistryError ALIAS_CORRUPT (DATA_LOSS).
 */
export async function readAliases(roleDir: string): Promise<AliasState> {
  const [active, previous] = await Promise.all([readAlias(roleDir, 'active'), readAlias(roleDir, 'previous')]);
  return { active, previous: previous !== null && previous.version === active?.version ? null : previous };
}

/** Points an alias at `version`, atomically; returns the record written. */
export async function writeAlias(roleDir: string, name: AliasName, version: string): Promise<AliasRecord> {
  const record: AliasRecord = { version, updatedAt: new Date().toISOString() };
  await writeFileAtomic(join(roleDir, name), `${JSON.stringify(record)}\n`);
  return record;
}

/** Removes an alias (durably); a missing alias is fine. */
export async function removeAlias(roleDir: string, name: AliasName): Promise<void> {
  await unlinkDurable(join(roleDir, name));
}
