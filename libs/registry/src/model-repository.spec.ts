import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ModelRepository } from './model-repository';
import { createRegistry } from './registry';
import { tempDir, writeZoo } from './testing/fixtures';

describe('aliases: activate, rollback, discard', () => {
  let remove: () => Promise<void>;
  let loc: ModelRepository;

  beforeEach(async () => {
    let dir: string;
    ({ dir, remove } = await tempDir());
    await writeZoo(join(dir, 'models'));
    const registry = await createRegistry({ root: join(dir, 'repo'), seedFrom: join(dir, 'models') });
    loc = registry.model('loc', 'student');
    await loc.createVersion({ parent: 'v1', files: { head: Buffer.from('v2-head') } });
    await loc.createVersion({ parent: 'v1', files: { head: Buffer.from('v3-head') } });
  });
  afterEach(() => remove());

  const states = async () => Object.fromEntries((await loc.listVersions()).map((v) => [v.version, v.state]));

  it('round-trips activate → rollback → activate', async () => {
    const activated = await loc.activate('v2');
    expect([activated.active?.version, activated.previous?.version]).toEqual(['v2', 'v1']);
    expect(await states()).toEqual({ v1: 'previous', v2: 'active', v3: 'candidate' });

    const rolledBack = await loc.rollback();
    expect([rolledBack.active?.version, rolledBack.previous]).toEqual(['v1', null]);
    expect(await states()).toEqual({ v1: 'active', v2: 'candidate', v3: 'candidate' });

    await loc.activate('v2');
    expect(await states()).toEqual({ v1: 'previous', v2: 'active', v3: 'candidate' });
    expect((await loc.active())?.version).toBe('v2');
    expect((await loc.previous())?.version).toBe('v1');
  });

  it('writes alias files as small JSON records with the time of the change', async () => {
    await loc.activate('v3');
    const record = JSON.parse(await readFile(join(loc.dir, 'active'), 'utf8'));
    expect(record.version).toBe('v3');
    expect(Number.isNaN(Date.parse(record.updatedAt))).toBe(false);
  });

  it('refuses a compare-and-swap whose expected active version is stale, changing nothing', async () => {
    await loc.activate('v2', { expectedActive: 'v1' });
    await expect(loc.activate('v3', { expectedActive: 'v1' })).rejects.toMatchObject({
      code: 'ABORTED',
      reason: 'ACTIVE_VERSION_MISMATCH',
      metadata: { expected: 'v1', actual: 'v2' },
    });
    await expect(loc.rollback({ expectedActive: 'v3' })).rejects.toMatchObject({ reason: 'ACTIVE_VERSION_MISMATCH' });
    expect(await states()).toEqual({ v1: 'previous', v2: 'active', v3: 'candidate' });
  });

  it('lets exactly one of two racing activations with the same expectation win', async () => {
    const results = await Promise.allSettled([loc.activate('v2', { expectedActive: 'v1' }), loc.activate('v3', { expectedActive: 'v1' })]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.reason)).toEqual([
      'ACTIVE_VERSION_MISMATCH',
    ]);
    expect((await loc.previous())?.version).toBe('v1');
  });

  it('treats activating the active version as a no-op, so retries are safe', async () => {
    await loc.activate('v2');
    const again = await loc.activate('v2');
    expect([again.active?.version, again.previous?.version]).toEqual(['v2', 'v1']);
  });

  it('refuses to roll back when there is no previous version', async () => {
    await expect(loc.rollback()).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'NO_PREVIOUS_VERSION' });
    await loc.activate('v2');
    await loc.rollback();
    await expect(loc.rollback()).rejects.toMatchObject({ reason: 'NO_PREVIOUS_VERSION' });
  });

  it('refuses to activate a version that does not exist', async () => {
    await expect(loc.activate('v9')).rejects.toMatchObject({ code: 'NOT_FOUND', reason: 'VERSION_NOT_FOUND' });
  });

  it('refuses to activate a damaged version unless verification is turned off', async () => {
    const v3 = await loc.getVersion('v3');
    await chmod(v3.files.head.path, 0o644);
    await writeFile(v3.files.head.path, 'corrupted');
    await expect(loc.activate('v3')).rejects.toMatchObject({ code: 'DATA_LOSS', reason: 'CHECKSUM_MISMATCH' });
    expect((await loc.active())?.version).toBe('v1');
    await expect(loc.activate('v3', { verify: false })).resolves.toMatchObject({ active: { version: 'v3' } });
  });

  it('refuses to discard the active or the previous version', async () => {
    await loc.activate('v2');
    await expect(loc.discard('v2')).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'VERSION_IN_USE', metadata: { state: 'active' } });
    await expect(loc.discard('v1')).rejects.toMatchObject({ reason: 'VERSION_IN_USE', metadata: { state: 'previous' } });
    expect(Object.keys(await states())).toEqual(['v1', 'v2', 'v3']);
  });

  it('discards a candidate completely: it is gone from the listing and asking for it is NOT_FOUND', async () => {
    await loc.discard('v3');
    expect(await states()).toEqual({ v1: 'active', v2: 'candidate' });
    await expect(loc.state('v3')).rejects.toMatchObject({ reason: 'VERSION_NOT_FOUND' });
    await expect(loc.getVersion('v3')).rejects.toMatchObject({ reason: 'VERSION_NOT_FOUND' });
    await expect(loc.discard('v3')).rejects.toMatchObject({ reason: 'VERSION_NOT_FOUND' });
  });

  it('lets a rolled-back version be discarded, since it is a candidate again', async () => {
    await loc.activate('v2');
    await loc.rollback();
    await loc.discard('v2');
    expect(await states()).toEqual({ v1: 'active', v3: 'candidate' });
  });

  it('reports a corrupt alias file as DATA_LOSS rather than guessing', async () => {
    await writeFile(join(loc.dir, 'active'), '{"version":"../x"}');
    await expect(loc.active()).rejects.toMatchObject({ code: 'DATA_LOSS', reason: 'ALIAS_CORRUPT' });
  });
});
