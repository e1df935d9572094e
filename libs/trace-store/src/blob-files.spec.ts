import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { blobPath, pngSize, sha256Hex, writeBlobFile } from './blob-files';
import { pngOf, storeIn, tempDir } from './testing/trace-fixtures';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

describe('the content-addressed blob folder', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => (temp = tempDir()));
  afterEach(() => temp.remove());

  it('stores equal bytes once, under <aa>/<sha256>.png, and leaves no temp files', async () => {
    const store = storeIn(temp.dir);
    const png = pngOf(7);
    const [a, b] = await Promise.all([store.putBlob(png), store.putBlob(Buffer.from(png))]);
    const c = await store.putBlob(png);
    expect(a).toBe(sha256Hex(png));
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(filesUnder(join(temp.dir, 'blobs'))).toEqual([`${a.slice(0, 2)}/${a}.png`]);
    expect(await store.getBlob(a)).toEqual(png);
    await store.close();
  });

  it('never shows a partial file at the final path, and removes the temp file when the write fails', async () => {
    const png = pngOf(8);
    const target = blobPath(join(temp.dir, 'blobs'), sha256Hex(png));
    let seenTemp = '';
    await writeBlobFile(target, png, (tempPath) => {
      seenTemp = tempPath;
      expect(existsSync(tempPath)).toBe(true);
      expect(existsSync(target)).toBe(false);
    });
    expect(existsSync(target)).toBe(true);
    expect(existsSync(seenTemp)).toBe(false);

    const other = pngOf(9);
    const failing = blobPath(join(temp.dir, 'blobs'), sha256Hex(other));
    await expect(
      writeBlobFile(failing, other, () => {
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(existsSync(failing)).toBe(false);
    expect(filesUnder(join(temp.dir, 'blobs')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reports missing, damaged and malformed blobs with typed errors', async () => {
    const store = storeIn(temp.dir);
    const hash = await store.putBlob(pngOf(10));
    await expect(store.getBlob('a'.repeat(64))).rejects.toMatchObject({ reason: 'BLOB_NOT_FOUND', code: 'NOT_FOUND' });
    await expect(store.getBlob('../../etc/passwd')).rejects.toMatchObject({ reason: 'INVALID_REQUEST', code: 'INVALID_ARGUMENT' });
    await expect(store.putBlob(Buffer.from('not a png at all'))).rejects.toMatchObject({ reason: 'INVALID_REQUEST' });
    writeFileSync(blobPath(join(temp.dir, 'blobs'), hash), pngOf(11));
    await expect(store.getBlob(hash)).rejects.toMatchObject({ reason: 'BLOB_CORRUPT', code: 'DATA_LOSS' });
    await store.close();
  });

  it('reads the size a PNG header declares', () => {
    expect(pngSize(pngOf(1, 33, 7))).toEqual({ width: 33, height: 7 });
    expect(pngSize(Buffer.alloc(10))).toBeUndefined();
  });
});
