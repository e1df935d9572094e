import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { invalidRequest, traceStoreError } from './trace-error';

const HASH = /^[0-9a-f]{64}$/;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The sha256 of `bytes`, 64 lowercase hex digits. Throws nothing. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Checks that `hash` is a sha256 in lowercase hex, so it can never name a path outside the blob
 * folder.
 * @throws TraceStoreError INVALID_REQUEST otherwise.
 */
export function assertHash(hash: unknown): asserts hash is string {
  if (typeof hash !== 'string' || !HASH.test(hash)) throw invalidRequest(`not a blob hash (64 lowercase hex digits): ${String(hash).slice(0, 80)}`);
}

/**
 * Checks that `bytes` are a PNG file (by its signature): the blob folder holds `.png` files only.
 * @throws TraceStoreError INVALID_REQUEST otherwise.
 */
export function assertPng(bytes: unknown): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length <= PNG_SIGNATURE.length || !PNG_SIGNATURE.equals(bytes.subarray(0, 8))) {
    throw invalidRequest('blob bytes must be a PNG file');
  }
}

/** Where the blob `hash` lives: `<blobDir>/<first two hex digits>/<hash>.png`. Throws nothing. */
export function blobPath(blobDir: string, hash: string): string {
  return join(blobDir, hash.slice(0, 2), `${hash}.png`);
}

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as NodeJS.ErrnoException).code : undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') return false;
    throw error;
  }
}

/** Test seam: runs between writing the temp file and renaming it into place. */
export type BeforeRename = (tempPath: string) => Promise<void> | void;

/**
 * Writes a file atomically: a temp file beside the target (flushed to disk), then a rename, so a
 * reader sees the whole file or none. The temp file is removed when anything fails. Content
 * addressing makes an existing target final: it is left alone and `false` is returned.
 * @throws the filesystem error when the folder or file cannot be written.
 */
export async function writeBlobFile(path: string, bytes: Uint8Array, beforeRename?: BeforeRename): Promise<boolean> {
  if (await exists(path)) return false;
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await beforeRename?.(temp);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await fsyncDir(dirname(path));
  return true;
}

/** Flushes a directory's entries to disk after a rename; platforms that cannot (Windows) skip it. */
async function fsyncDir(dir: string): Promise<void> {
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

/**
 * Reads the blob `hash` and checks that its bytes still hash to its name.
 * @throws TraceStoreError BLOB_NOT_FOUND when the file is missing; BLOB_CORRUPT (DATA_LOSS) when
 *   its bytes changed.
 */
export async function readBlobFile(blobDir: string, hash: string): Promise<Buffer> {
  const path = blobPath(blobDir, hash);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw traceStoreError('BLOB_NOT_FOUND', `blob ${hash} is not in the store`, { hash });
    throw error;
  }
  if (sha256Hex(bytes) !== hash) throw traceStoreError('BLOB_CORRUPT', `blob file ${path} no longer matches its hash`, { hash, path });
  return bytes;
}

/** Removes the blob file `hash`; a missing file is fine. @throws the filesystem error otherwise. */
export async function removeBlobFile(blobDir: string, hash: string): Promise<void> {
  try {
    await unlink(blobPath(blobDir, hash));
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') throw error;
  }
}

/**
 * The width and height a PNG's header declares. Throws nothing; undefined when the header is
 * missing (call {@link assertPng} first).
 */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (bytes.length < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(12) !== 0x49484452) return undefined; // 'IHDR'
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
