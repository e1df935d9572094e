import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRegistry } from './registry';
import { runChild } from './testing/child-scripts';
import { deadPid, fingerprint, tempDir, writeZoo } from './testing/fixtures';
import { HOST_TAG, tempName } from './temp-names';

describe('crash safety', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let root: string;

  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
    root = join(dir, 'repo');
    await writeZoo(join(dir, 'models'));
    await createRegistry({ root, seedFrom: join(dir, 'models') });
  });
  afterEach(() => remove());

  const roleDir = () => join(root, 'loc', 'student');
  const hidden = async () => (await readdir(roleDir())).filter((name) => name.startsWith('.tmp-') || name.startsWith('.trash-'));

  it('never shows a version whose writer died just before committing it, and removes its staging on open', async () => {
    const child = await runChild('crash-child.ts', [root, 'version-commit']);
    expect(child.code).toBe(42);
    expect(await hidden()).toHaveLength(1);
    const registry = await createRegistry({ root });
    expect(registry.cleaned).toHaveLength(1);
    expect(await hidden()).toEqual([]);
    expect((await registry.model('loc', 'student').listVersions()).map((v) => v.version)).toEqual(['v1']);
    expect((await registry.model('loc', 'student').createVersion({ files: { head: Buffer.from('x') } })).version).toBe('v3');
  });

  it('keeps the old active version when a process dies while switching aliases', async () => {
    const child = await runChild('crash-child.ts', [root, 'alias-write']);
    expect(child.code).toBe(42);
    const before = await createRegistry({ root, staleAfterMs: 24 * 3600_000 });
    const model = before.model('loc', 'student');
    expect((await model.active())?.version).toBe('v1');
    // `previous` was already written (= v1, the active one): it reads as no rollback target.
    expect(JSON.parse(await readFile(join(roleDir(), 'previous'), 'utf8')).version).toBe('v1');
    expect(await model.previous()).toBeNull();
    expect(await model.state('v2')).toBe('candidate');
    expect(before.cleaned.some((path) => path.includes('.tmp-'))).toBe(true);
    await model.activate('v2', { expectedActive: 'v1' });
    expect([(await model.active())?.version, (await model.previous())?.version]).toEqual(['v2', 'v1']);
  });

  it('ignores a half-written staging directory of a dead owner in listings, then removes it on open', async () => {
    const staging = join(roleDir(), tempName('tmp', deadPid()));
    await mkdir(staging);
    await writeFile(join(staging, 'head.onnx'), 'half');
    const registry = await createRegistry({ root });
    expect(registry.cleaned).toEqual([staging]);
    expect((await registry.model('loc', 'student').listVersions()).map((v) => v.version)).toEqual(['v1']);
  });

  it("leaves a live writer's fresh staging alone, but removes one older than the stale limit", async () => {
    const live = join(roleDir(), tempName('tmp'));
    await mkdir(live);
    expect((await createRegistry({ root })).cleaned).toEqual([]);
    const old = new Date(Date.now() - 2 * 3600_000);
    await utimes(live, old, old);
    expect((await createRegistry({ root })).cleaned).toEqual([live]);
  });

  it('removes a discarded version that was moved to trash but not yet deleted', async () => {
    const trash = join(roleDir(), tempName('trash'));
    await mkdir(trash);
    await writeFile(join(trash, 'head.onnx'), 'discarded');
    expect((await createRegistry({ root })).cleaned).toEqual([trash]);
  });

  it('removes a seed staging directory left by a crash during first-run seeding', async () => {
    const staging = join(root, 'loc', tempName('seed', deadPid()));
    await mkdir(join(staging, 'v1'), { recursive: true });
    expect((await createRegistry({ root })).cleaned).toEqual([staging]);
  });

  it('never touches entries that are not its own leftovers', async () => {
    await mkdir(join(roleDir(), '.tmp-notours'));
    await writeFile(join(roleDir(), 'notes.txt'), 'kept');
    const before = await fingerprint(root);
    expect((await createRegistry({ root })).cleaned).toEqual([]);
    expect(await fingerprint(root)).toEqual(before);
    expect(tempName('tmp')).toContain(HOST_TAG);
  });
});
