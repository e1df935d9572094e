import { constants } from 'node:fs';
import { copyFile, open, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tempName } from './temp-names';

/**
 * Small filesystem helpers with the durability the registry promises: data is fsync'ed before it
 * becomes visible, a rename is the only way anything becomes visible, and the directory holding
 * a renamed entry is fsync'ed after it.
 */

/** The errno code of a Node.js filesystem error, if any. */
export function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? ((error as NodeJS.ErrnoException).code ?? undefined) : undefined;
}

/** True when `path` exists (any kind of entry). */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return false;
    throw error;
  }
}

/** True when `path` is a directory. */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return false;
    throw error;
  }
}

/**
 * Flushes a directory's entries (a rename or create inside it) to disk. Platforms that cannot
 * open a directory for syncing (Windows) skip it.
 */
export async function fsyncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EISDIR', 'EPERM', 'EINVAL', 'EBADF'].includes(errnoOf(error) ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

/** Writes `data` to a new file (`wx`: never over an existing one) and fsyncs it. */
export async function writeNewFile(path: string, data: Uint8Array | string, mode = 0o644): Promise<void> {
  const handle = await open(path, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Copies `source` to a new file `target` (never over an existing one) and fsyncs the copy. */
export async function copyNewFile(source: string, target: string): Promise<void> {
  await copyFile(source, target, constants.COPYFILE_EXCL);
  await syncFile(target);
}

/** Fsyncs an existing file. */
export async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `path` atomically: writes a temp file in the same directory, fsyncs it, renames it over
 * `path`, fsyncs the directory. Readers see the old content or the new, never a mix; a crash
 * leaves at most a temp file that the next open removes.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string, mode = 0o644): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, tempName('tmp'));
  try {
    await writeNewFile(temp, data, mode);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(dir);
}

/** Removes a file if it is there and fsyncs its directory; a missing file is fine. */
export async function unlinkDurable(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw error;
    return;
  }
  await fsyncDir(dirname(path));
}
