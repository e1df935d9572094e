import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoOf } from './fs-durable';
import { isOwnerGone, parseTempName } from './temp-names';

/**
 * Removal of what interrupted work leaves behind: staging directories of unfinished versions and
 * seeds, temp files of alias writes, discarded versions not yet deleted, and locks moved aside.
 * None of them is ever visible as a version, so removing them only frees space. An entry is
 * removed when it is trash, when its owner process is provably gone (same host, pid not running),
 * or when it is older than `staleAfterMs`; a live writer's staging is left alone.
 */

const STALE_LOCK = /^\.lock\.stale-[0-9a-f]+$/;

/**
 * Cleans every module and model directory under `root`; returns the paths removed.
 * Failures to remove one entry (a race with another cleaner) are ignored.
 */
export async function removeLeftovers(root: string, staleAfterMs: number): Promise<string[]> {
  const removed: string[] = [];
  for (const module of await visibleDirs(root)) {
    const moduleDir = join(root, module);
    removed.push(...(await cleanDir(moduleDir, staleAfterMs)));
    for (const role of await visibleDirs(moduleDir)) removed.push(...(await cleanDir(join(moduleDir, role), staleAfterMs)));
  }
  return removed;
}

async function cleanDir(dir: string, staleAfterMs: number): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await namesIn(dir)) {
    const owner = parseTempName(name);
    if (owner === undefined && !STALE_LOCK.test(name)) continue;
    const path = join(dir, name);
    const info = await lstat(path).catch(() => undefined);
    if (info === undefined) continue;
    const old = Date.now() - info.mtimeMs > staleAfterMs;
    const abandoned = owner !== undefined && (owner.kind === 'trash' || isOwnerGone(owner.hostTag, owner.pid));
    if (!old && !abandoned) continue;
    try {
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    } catch {
      // Another process cleaning the same entry; it goes either way.
    }
  }
  return removed;
}

async function visibleDirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return [];
    throw error;
  }
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return [];
    throw error;
  }
}
