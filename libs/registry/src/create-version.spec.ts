import { chmod, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRegistry, type Registry } from './registry';
import { fingerprint, sha, tempDir, writeZoo } from './testing/fixtures';

describe('creating versions', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let registry: Registry;

  beforeEach(async () => {
    ({ dir, remove } = await tempDir());
    await writeZoo(join(dir, 'models'));
    registry = await createRegistry({ root: join(dir, 'repo'), seedFrom: join(dir, 'models') });
  });
  afterEach(() => remove());

  const loc = () => registry.model('loc', 'student');

  it('writes the next id with sha256s, lineage and the caller manifest, as a candidate', async () => {
    const created = await loc().createVersion({
      parent: 'v1',
      files: { head: Buffer.from('new-head') },
      manifest: { description: 'distilled', labels: ['x'], files: { head: { path: 'head.onnx' } }, version: 'ignored' },
      lineage: { teacher: 'loc-teacher@v1', dataHash: 'abc', metrics: { dev: 0.8 } },
    });
    expect(created.version).toBe('v2');
    expect(created.state).toBe('candidate');
    expect(created.manifest).toMatchObject({
      name: 'loc-student',
      module: 'loc',
      role: 'student',
      version: 'v2',
      parent: 'v1',
      description: 'distilled',
      labels: ['x'],
      lineage: { teacher: 'loc-teacher@v1', dataHash: 'abc', metrics: { dev: 0.8 } },
      files: { head: { path: 'head.onnx', sha256: sha('new-head') } },
    });
    expect(Number.isNaN(Date.parse(String(created.manifest.createdAt)))).toBe(false);
    expect(await readFile(created.files.head.path, 'utf8')).toBe('new-head');
    expect((await loc().active())?.version).toBe('v1');
  });

  it("reuses the parent's frozen backbone by path, and the copy verifies", async () => {
    const parent = await loc().getVersion('v1');
    const created = await loc().createVersion({
      parent: 'v1',
      files: { backbone: parent.files.backbone.path, head: Buffer.from('h2') },
      manifest: { files: { backbone: { path: 'backbone.onnx' }, head: { path: 'head.onnx' } } },
    });
    await loc().verifyVersion(created.version);
    expect(created.files.backbone.sha256).toBe(parent.files.backbone.sha256);
    expect((await stat(created.files.backbone.path)).ino).toBe((await stat(parent.files.backbone.path)).ino);
  });

  it("accepts the parent's manifest spread in, keeping its fields but taking a fresh identity", async () => {
    const parent = await loc().getVersion('v1');
    const created = await loc().createVersion({
      parent: 'v1',
      files: { backbone: parent.files.backbone.path, head: Buffer.from('h3') },
      manifest: { ...parent.manifest, metrics: { dev: { acc: 0.9 } } },
    });
    expect(created.manifest).toMatchObject({ version: 'v2', parent: 'v1', labels: ['a', 'b'], metrics: { dev: { acc: 0.9 } } });
    expect(created.manifest.createdAt).not.toBe(parent.manifest.createdAt);
    expect(created.manifest.files.head.sha256).toBe(sha('h3'));
    await loc().verifyVersion('v2');
  });

  it('copies a source file from outside the repository rather than linking it', async () => {
    const outside = join(dir, 'exported.onnx');
    await writeFile(outside, 'exported');
    const created = await loc().createVersion({ files: { 'model.onnx': outside } });
    expect(created.files['model.onnx'].relativePath).toBe('model.onnx');
    expect((await stat(created.files['model.onnx'].path)).ino).not.toBe((await stat(outside)).ino);
    expect(created.manifest.parent).toBeNull();
  });

  it('stores files and manifest read-only', async () => {
    const created = await loc().createVersion({ files: { head: Buffer.from('x') } });
    expect((await stat(created.files.head.path)).mode & 0o222).toBe(0);
    expect((await stat(join(created.dir, 'manifest.json'))).mode & 0o222).toBe(0);
  });

  it('never overwrites an existing version: a given id that exists is ALREADY_EXISTS and nothing changes', async () => {
    const before = await fingerprint(loc().dir);
    await expect(loc().createVersion({ version: 'v1', files: { head: Buffer.from('evil') } })).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      reason: 'VERSION_EXISTS',
    });
    expect(await fingerprint(loc().dir)).toEqual(before);
  });

  it('accepts a given free id and continues numbering after it', async () => {
    expect((await loc().createVersion({ version: 'v5', files: { head: Buffer.from('a') } })).version).toBe('v5');
    expect((await loc().createVersion({ files: { head: Buffer.from('b') } })).version).toBe('v6');
  });

  it('never reuses the id of a discarded version', async () => {
    const v2 = await loc().createVersion({ files: { head: Buffer.from('a') } });
    await loc().discard(v2.version);
    expect((await loc().createVersion({ files: { head: Buffer.from('b') } })).version).toBe('v3');
    await expect(loc().createVersion({ version: 'v2', files: { head: Buffer.from('c') } })).rejects.toMatchObject({
      reason: 'VERSION_EXISTS',
    });
  });

  it('creates the first version of a model that did not exist, with no alias set', async () => {
    const created = await registry.model('facedet', 'student').createVersion({ files: { head: Buffer.from('a') } });
    expect(created.version).toBe('v1');
    expect(await registry.model('facedet', 'student').active()).toBeNull();
  });

  it('refuses a parent that does not exist', async () => {
    await expect(loc().createVersion({ parent: 'v9', files: { head: Buffer.from('a') } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      reason: 'PARENT_NOT_FOUND',
    });
  });

  it('refuses a manifest for another module, files the manifest lists but nobody gave, and no files', async () => {
    await expect(loc().createVersion({ files: { head: Buffer.from('a') }, manifest: { module: 'vqa' } })).rejects.toMatchObject({
      reason: 'INVALID_MANIFEST',
    });
    await expect(
      loc().createVersion({ files: { head: Buffer.from('a') }, manifest: { files: { backbone: { path: 'b.onnx' } } } }),
    ).rejects.toMatchObject({ reason: 'INVALID_FILES' });
    await expect(loc().createVersion({ files: {} })).rejects.toMatchObject({ reason: 'INVALID_FILES' });
    await expect(loc().createVersion({ files: { head: join(dir, 'missing.onnx') } })).rejects.toMatchObject({
      reason: 'INVALID_FILES',
    });
  });

  it('refuses file paths that leave the version directory, and leaves no staging behind', async () => {
    await expect(
      loc().createVersion({ files: { head: Buffer.from('a') }, manifest: { files: { head: { path: '../../escape.onnx' } } } }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', reason: 'INVALID_NAME' });
    await expect(loc().createVersion({ files: { head: join(dir, 'missing') } })).rejects.toMatchObject({ reason: 'INVALID_FILES' });
    expect((await readdir(loc().dir)).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
  });

  it('detects a modified file when asked to verify', async () => {
    const created = await loc().createVersion({ files: { head: Buffer.from('good') } });
    await chmod(created.files.head.path, 0o644);
    await writeFile(created.files.head.path, 'bad!');
    await expect(loc().getVersion(created.version)).resolves.toBeDefined();
    await expect(loc().verifyVersion(created.version)).rejects.toMatchObject({
      code: 'DATA_LOSS',
      reason: 'CHECKSUM_MISMATCH',
      metadata: { file: 'head', expected: sha('good'), actual: sha('bad!') },
    });
  });

  it('reports a missing file as DATA_LOSS', async () => {
    const created = await loc().createVersion({ files: { head: Buffer.from('good') } });
    await rm(created.files.head.path);
    await expect(loc().getVersion(created.version, { verify: true })).rejects.toMatchObject({ reason: 'FILE_MISSING' });
  });

  it('reports a manifest that was edited to name another version as DATA_LOSS', async () => {
    const created = await loc().createVersion({ files: { head: Buffer.from('good') } });
    const path = join(created.dir, 'manifest.json');
    await chmod(path, 0o644);
    await writeFile(path, JSON.stringify({ ...created.manifest, version: 'v1' }));
    await expect(loc().getVersion(created.version)).rejects.toMatchObject({ code: 'DATA_LOSS', reason: 'MANIFEST_CORRUPT' });
  });

  it('answers VERSION_NOT_FOUND for an unknown version and INVALID_NAME for a traversal attempt', async () => {
    await expect(loc().getVersion('v42')).rejects.toMatchObject({ code: 'NOT_FOUND', reason: 'VERSION_NOT_FOUND' });
    await expect(loc().getVersion('../../etc')).rejects.toMatchObject({ reason: 'INVALID_NAME' });
    expect(() => registry.model('..', 'student')).toThrow(expect.objectContaining({ reason: 'INVALID_NAME' }));
  });
});
