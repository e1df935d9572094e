import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRegistry } from './registry';
import { fingerprint, sha, tempDir, writeModel, writeZoo } from './testing/fixtures';

describe('seeding from the committed zoo', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let zoo: string;
  let root: string;

  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
    zoo = join(dir, 'models');
    root = join(dir, 'repo');
    await writeZoo(zoo);
  });
  afterEach(() => remove());

  it('copies every module/role, makes the seeded version active, and never touches the source', async () => {
    const before = await fingerprint(zoo);
    const registry = await createRegistry({ root, seedFrom: zoo });
    expect(await fingerprint(zoo)).toEqual(before);
    expect(registry.seed.seeded).toEqual([
      { module: 'loc', role: 'student', versions: ['v1'], active: 'v1' },
      { module: 'vqa', role: 'teacher', versions: ['v1'], active: 'v1' },
    ]);
    expect(await registry.models()).toEqual([
      { module: 'loc', role: 'student' },
      { module: 'vqa', role: 'teacher' },
    ]);
    const loc = registry.model('loc', 'student');
    expect((await loc.active())?.version).toBe('v1');
    const version = await loc.verifyVersion('v1');
    expect(version.state).toBe('active');
    expect(await readFile(version.files.head.path, 'utf8')).toBe('head-bytes');
    expect(version.files.head.path.startsWith(root)).toBe(true);
    expect(await readFile(join(version.dir, 'golden', 'case-0.png'), 'utf8')).toBe('png-bytes');
  });

  it('keeps the manifest fields the registry does not know', async () => {
    const registry = await createRegistry({ root, seedFrom: zoo });
    const { manifest } = await registry.model('loc', 'student').getVersion('v1');
    expect(manifest).toMatchObject({ description: 'test model', labels: ['a', 'b'] });
  });

  it('fills in missing sha256s on its copy only', async () => {
    const registry = await createRegistry({ root, seedFrom: zoo });
    const { files } = await registry.model('vqa', 'teacher').verifyVersion('v1');
    expect(files.model.sha256).toBe(sha('teacher-bytes'));
    const source = JSON.parse(await readFile(join(zoo, 'vqa', 'teacher', 'v1', 'manifest.json'), 'utf8'));
    expect(source.files.model.sha256).toBeUndefined();
  });

  it('stores the copies read-only', async () => {
    const registry = await createRegistry({ root, seedFrom: zoo });
    const version = await registry.model('loc', 'student').getVersion('v1');
    expect((await stat(version.files.backbone.path)).mode & 0o222).toBe(0);
    expect((await stat(join(version.dir, 'manifest.json'))).mode & 0o222).toBe(0);
  });

  it('is idempotent: a second open seeds nothing and changes nothing', async () => {
    await createRegistry({ root, seedFrom: zoo });
    const first = await fingerprint(root);
    const again = await createRegistry({ root, seedFrom: zoo });
    expect(again.seed.seeded).toEqual([]);
    expect(again.seed.skipped).toHaveLength(2);
    expect(await fingerprint(root)).toEqual(first);
  });

  it('never overwrites a model the repository already has, even when the zoo gained versions', async () => {
    const registry = await createRegistry({ root, seedFrom: zoo });
    await registry.model('loc', 'student').createVersion({ parent: 'v1', files: { head: Buffer.from('trained') } });
    await writeModel(zoo, 'loc', 'student', 'v2', { head: 'zoo-head' }, true);
    const reopened = await createRegistry({ root, seedFrom: zoo });
    const head = (await reopened.model('loc', 'student').getVersion('v2')).files.head;
    expect(await readFile(head.path, 'utf8')).toBe('trained');
  });

  it('gives one complete copy when two processes open an empty root at the same time', async () => {
    const opened = await Promise.all([0, 1, 2].map(() => createRegistry({ root, seedFrom: zoo })));
    const seededCounts = opened.map((registry) => registry.seed.seeded.length);
    expect(seededCounts.reduce((a, b) => a + b, 0)).toBe(2);
    expect(await (await createRegistry({ root })).model('loc', 'student').listVersions()).toHaveLength(1);
    const leftovers = Object.keys(await fingerprint(root)).filter((path) => /(^|\/)\.(seed|tmp)-/.test(path));
    expect(leftovers).toEqual([]);
  });

  it("honours the zoo's own active alias when it names one of its versions", async () => {
    await writeModel(zoo, 'loc', 'student', 'v2', { head: 'newer' }, true);
    await writeFile(join(zoo, 'loc', 'student', 'active'), JSON.stringify({ version: 'v1' }));
    const registry = await createRegistry({ root, seedFrom: zoo });
    expect((await registry.model('loc', 'student').active())?.version).toBe('v1');
    expect((await registry.model('loc', 'student').listVersions()).map((v) => [v.version, v.state])).toEqual([
      ['v1', 'active'],
      ['v2', 'candidate'],
    ]);
  });

  it('makes the newest zoo version active when the zoo names none', async () => {
    await writeModel(zoo, 'loc', 'student', 'v2', { head: 'newer' }, true);
    const registry = await createRegistry({ root, seedFrom: zoo });
    expect((await registry.model('loc', 'student').active())?.version).toBe('v2');
  });

  it('refuses a zoo file whose recorded sha256 is wrong, and leaves nothing of that model behind', async () => {
    await writeFile(join(zoo, 'loc', 'student', 'v1', 'head.onnx'), 'tampered');
    await expect(createRegistry({ root, seedFrom: zoo })).rejects.toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'SEED_INVALID' });
    const registry = await createRegistry({ root });
    expect(await registry.model('loc', 'student').listVersions()).toEqual([]);
    expect(Object.keys(await fingerprint(root)).filter((path) => path.startsWith('loc/'))).toEqual([]);
  });

  it('refuses a zoo manifest that names another version than its directory', async () => {
    const path = join(zoo, 'vqa', 'teacher', 'v1', 'manifest.json');
    const manifest = JSON.parse(await readFile(path, 'utf8'));
    await writeFile(path, JSON.stringify({ ...manifest, version: 'v7' }));
    await expect(createRegistry({ root, seedFrom: zoo })).rejects.toMatchObject({ reason: 'SEED_INVALID' });
  });

  it('refuses a seed directory that does not exist', async () => {
    await expect(createRegistry({ root, seedFrom: join(dir, 'nowhere') })).rejects.toMatchObject({ reason: 'SEED_INVALID' });
  });
});
