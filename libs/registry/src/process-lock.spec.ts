import { readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withDirLock } from './process-lock';
import { deadPid, tempDir } from './testing/fixtures';
import { HOST_TAG } from './temp-names';

describe('the directory lock', () => {
  let dir: string;
  let remove: () => Promise<void>;

  beforeEach(async () => ({ dir, remove } = await tempDir()));
  afterEach(() => remove());

  const holderRecord = (pid: number) => JSON.stringify({ hostTag: HOST_TAG, pid, token: 'someone-else', acquiredAt: new Date().toISOString() });

  it('runs critical sections one at a time, also within one process', async () => {
    let inside = 0;
    let most = 0;
    const section = () =>
      withDirLock(dir, async () => {
        inside += 1;
        most = Math.max(most, inside);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inside -= 1;
      });
    await Promise.all(Array.from({ length: 8 }, section));
    expect(most).toBe(1);
    expect(await readdir(dir)).toEqual([]);
  });

  it('releases the lock when the work throws', async () => {
    await expect(withDirLock(dir, async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a lock whose owner process is gone', async () => {
    await writeFile(join(dir, '.lock'), holderRecord(deadPid()));
    await expect(withDirLock(dir, async () => 'ran', { timeoutMs: 1000 })).resolves.toBe('ran');
    expect(await readdir(dir)).toEqual([]);
  });

  it('waits for a live owner and gives up with ABORTED / REGISTRY_BUSY', async () => {
    await writeFile(join(dir, '.lock'), holderRecord(process.pid));
    await expect(withDirLock(dir, async () => 'ran', { timeoutMs: 150 })).rejects.toMatchObject({
      code: 'ABORTED',
      reason: 'REGISTRY_BUSY',
      metadata: { holderPid: String(process.pid) },
    });
  });

  it('takes over a lock older than the stale limit even if its owner looks alive', async () => {
    await writeFile(join(dir, '.lock'), holderRecord(process.pid));
    const old = new Date(Date.now() - 60_000);
    await utimes(join(dir, '.lock'), old, old);
    await expect(withDirLock(dir, async () => 'ran', { timeoutMs: 1000, staleMs: 30_000 })).resolves.toBe('ran');
  });

  it('waits for an empty lock file (an owner between create and write) until it turns stale', async () => {
    await writeFile(join(dir, '.lock'), '');
    await expect(withDirLock(dir, async () => 'ran', { timeoutMs: 100 })).rejects.toMatchObject({ reason: 'REGISTRY_BUSY' });
    await expect(withDirLock(dir, async () => 'ran', { timeoutMs: 1000, staleMs: 0 })).resolves.toBe('ran');
  });
});
