import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoOf } from './fs-durable';
import { registryError } from './registry-error';
import { HOST_TAG, isOwnerGone } from './temp-names';

/**
 * A cross-process lock on one directory: the file `.lock`, created with `wx` (O_CREAT|O_EXCL),
 * holding its owner. Alias changes and discards run under it so a compare-and-swap reads and
 * writes without interference. A lock whose owner died (same host, process gone) or that is older
 * than `staleMs` is taken over, so a crash never wedges a model.
 */

/** How long to wait for a lock and when a held lock counts as abandoned. */
export interface LockOptions {
  /** Give up (ABORTED / REGISTRY_BUSY) after waiting this long. Default 10 s. */
  readonly timeoutMs?: number;
  /** A lock older than this is abandoned whoever holds it. Default 30 s (work under it takes ms). */
  readonly staleMs?: number;
}

interface LockRecord {
  readonly hostTag: string;
  readonly pid: number;
  readonly token: string;
  readonly acquiredAt: string;
}

const LOCK_FILE = '.lock';

/**
 * Runs `work` while holding the lock of `dir`, and releases it afterwards, also when `work` throws.
 * @throws RegistryError REGISTRY_BUSY (ABORTED) when the lock stays held past `timeoutMs`;
 *   anything `work` throws.
 */
export async function withDirLock<T>(dir: string, work: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const path = join(dir, LOCK_FILE);
  const token = await acquire(path, options.timeoutMs ?? 10_000, options.staleMs ?? 30_000);
  try {
    return await work();
  } finally {
    await release(path, token);
  }
}

async function acquire(path: string, timeoutMs: number, staleMs: number): Promise<string> {
  const token = randomBytes(12).toString('hex');
  const record: LockRecord = { hostTag: HOST_TAG, pid: process.pid, token, acquiredAt: new Date().toISOString() };
  const started = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    if (await tryCreate(path, record)) return token;
    const holder = await readHolder(path);
    if (holder !== 'gone' && isAbandoned(holder, staleMs)) {
      await takeOver(path, holder.record);
      continue;
    }
    if (holder === 'gone') continue;
    if (Date.now() - started > timeoutMs) {
      throw registryError('REGISTRY_BUSY', `the model at ${path} stayed locked for ${timeoutMs} ms`, {
        holderPid: String(holder.record?.pid ?? 'unknown'),
      });
    }
    await sleep(Math.min(100, 2 ** Math.min(attempt, 6)) + Math.random() * 5);
  }
}

async function tryCreate(path: string, record: LockRecord): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (error) {
    if (errnoOf(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(record));
  } finally {
    await handle.close();
  }
  return true;
}

interface Holder {
  readonly record: LockRecord | undefined;
  readonly ageMs: number;
}

async function readHolder(path: string): Promise<Holder | 'gone'> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { record: parseRecord(text), ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return 'gone';
    throw error;
  }
}

function parseRecord(text: string): LockRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockRecord>;
    if (typeof value.token === 'string' && typeof value.pid === 'number' && typeof value.hostTag === 'string') {
      return value as LockRecord;
    }
  } catch {
    // A holder that crashed between create and write leaves an empty file; age decides.
  }
  return undefined;
}

function isAbandoned(holder: Holder, staleMs: number): boolean {
  if (holder.ageMs > staleMs) return true;
  return holder.record !== undefined && isOwnerGone(holder.record.hostTag, holder.record.pid);
}

/**
 * Moves an abandoned lock aside. If another waiter took it over first and a new owner already
 * holds the path, what was moved is the new owner's lock: it is linked back (link fails rather
 * than overwrite, so nothing newer is clobbered).
 */
async function takeOver(path: string, abandoned: LockRecord | undefined): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return;
    throw error;
  }
  const moved = parseRecord(await readFile(aside, 'utf8').catch(() => ''));
  if (moved !== undefined && abandoned !== undefined && moved.token !== abandoned.token) {
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

async function release(path: string, token: string): Promise<void> {
  const holder = await readHolder(path);
  if (holder !== 'gone' && holder.record?.token === token) await unlink(path).catch(() => undefined);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
