import { join } from 'node:path';
import { createRegistry } from './registry';
import { runChild } from './testing/child-scripts';
import { tempDir, writeZoo } from './testing/fixtures';

describe('concurrent writers on one root', () => {
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

  it('gives distinct, gap-free ids to interleaved createVersion calls from two registries', async () => {
    const [a, b] = await Promise.all([createRegistry({ root }), createRegistry({ root })]);
    const create = (registry: typeof a, i: number) =>
      registry.model('loc', 'student').createVersion({ parent: 'v1', files: { head: Buffer.from(`head-${i}`) } });
    const created = await Promise.all(Array.from({ length: 12 }, (_, i) => create(i % 2 === 0 ? a : b, i)));
    const ids = created.map((version) => version.version);
    expect(new Set(ids).size).toBe(12);
    expect([...ids].sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)))).toEqual(Array.from({ length: 12 }, (_, i) => `v${i + 2}`));
    for (const version of created) await a.model('loc', 'student').verifyVersion(version.version);
  });

  it('gives distinct ids to two separate processes creating versions at the same time', async () => {
    const [first, second] = await Promise.all([runChild('create-versions-child.ts', [root, '5']), runChild('create-versions-child.ts', [root, '5'])]);
    expect([first.code, second.code, first.stderr + second.stderr]).toEqual([0, 0, '']);
    const ids = [...JSON.parse(first.stdout), ...JSON.parse(second.stdout)] as string[];
    expect(new Set(ids).size).toBe(10);
    const registry = await createRegistry({ root });
    const listed = (await registry.model('loc', 'student').listVersions()).map((v) => v.version);
    expect(listed).toEqual(['v1', ...[...ids].sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)))]);
  });
});
