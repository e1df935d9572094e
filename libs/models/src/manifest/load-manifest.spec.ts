import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isModelError } from '../errors';
import { classifyTeacherManifest, locStudentManifest, locTeacherManifest } from '../testing/manifest-fixtures';
import { discoverManifests } from './discover-manifests';
import { loadManifest, parseManifest } from './load-manifest';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('manifests', () => {
  const root = mkdtempSync(join(tmpdir(), 'models-manifest-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  function writeVersion(module: string, role: string, manifest: unknown, text?: string): string {
    const dir = join(root, module, role, 'v1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), text ?? JSON.stringify(manifest));
    return dir;
  }

  it('load a valid manifest and resolve its files against the version folder', async () => {
    const dir = writeVersion('loc', 'student', { ...locStudentManifest(), metrics: { dusk: { ap50: 0.5, n: 10 } } });
    const loaded = await loadManifest(dir);
    expect(loaded.manifest.name).toBe('loc-student');
    expect(loaded.files.backbone.path).toBe(join(dir, 'backbone.onnx'));
    expect(Object.keys(loaded.files).sort()).toEqual(['backbone', 'head']);
  });

  it('read the bare NaN a Python exporter writes for a metric it could not compute as null', async () => {
    const text = JSON.stringify({ ...locTeacherManifest(), description: 'has NaN in text', metrics: { dusk: { ap50: 1, n: 0 } } }).replace(
      '"ap50":1',
      '"ap50": NaN',
    );
    const loaded = await loadManifest(writeVersion('loc', 'teacher', undefined, text));
    expect(loaded.manifest.metrics?.dusk.ap50).toBeNull();
    expect(loaded.manifest.description).toBe('has NaN in text');
  });

  it('reject a manifest that breaks the schema with every problem listed', () => {
    const broken = { ...locStudentManifest(), module: 'ocr', preprocess: { kind: 'letterbox' } };
    const error = thrown(() => parseManifest(broken, 'x/manifest.json'));
    expect(isModelError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'MANIFEST_INVALID' });
    expect((error as Error).message).toMatch(/module/);
    expect((error as Error).message).toMatch(/preprocess\.size/);
  });

  it('reject a student that is not head-split and a loc teacher without a class layout', () => {
    const student = { ...locStudentManifest(), files: { model: { path: 'model.onnx' } }, graph: locTeacherManifest().graph };
    expect((thrown(() => parseManifest(student, 's')) as Error).message).toMatch(/head-split/);
    const teacher = locTeacherManifest();
    const noClasses = { ...teacher, decode: { kind: 'grid', stride: 8, grid: 16, boxScale: 16, nmsIou: 0.5 } };
    expect((thrown(() => parseManifest(noClasses, 't')) as Error).message).toMatch(/decode\.classes/);
  });

  it('report a missing manifest as NOT_FOUND and broken JSON as MANIFEST_INVALID', async () => {
    expect(await rejection(loadManifest(join(root, 'nowhere')))).toMatchObject({ code: 'NOT_FOUND', reason: 'MANIFEST_MISSING' });
    const dir = writeVersion('vqa', 'student', undefined, '{ "name": ');
    expect(await rejection(loadManifest(dir))).toMatchObject({ reason: 'MANIFEST_INVALID' });
  });

  it('discover every <module>/<role>/<version>/manifest.json under a root, sorted', async () => {
    writeVersion('classify', 'teacher', classifyTeacherManifest());
    mkdirSync(join(root, 'facedet', 'student', 'v1'), { recursive: true });
    const found = await discoverManifests(root);
    expect(found.map((f) => `${f.module}/${f.role}/${f.version}`)).toEqual([
      'classify/teacher/v1',
      'loc/student/v1',
      'loc/teacher/v1',
      'vqa/student/v1',
    ]);
    expect(await discoverManifests(join(root, 'absent'))).toEqual([]);
  });
});
