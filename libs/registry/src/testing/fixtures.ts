import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** Test helpers: throwaway directories, a small committed-zoo lookalike, and tree fingerprints. */

/** A fresh temp directory and a function that removes it. */
export async function tempDir(): Promise<{ readonly dir: string; readonly remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'vprog-registry-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** The sha256 of a string, for manifests written by hand. */
export function sha(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Writes a zoo laid out like the committed `models/`: `loc/student/v1` (sha256 recorded, plus a
 * golden image not listed in `files`) and `vqa/teacher/v1` (sha256 left for the registry to fill).
 */
export async function writeZoo(dir: string): Promise<void> {
  await writeModel(dir, 'loc', 'student', 'v1', { backbone: 'backbone-bytes', head: 'head-bytes' }, true);
  await mkdir(join(dir, 'loc', 'student', 'v1', 'golden'));
  await writeFile(join(dir, 'loc', 'student', 'v1', 'golden', 'case-0.png'), 'png-bytes');
  await writeModel(dir, 'vqa', 'teacher', 'v1', { model: 'teacher-bytes' }, false);
  await writeFile(join(dir, 'README.md'), 'the default zoo\n');
}

/** Writes one zoo version with a manifest listing `files` (`<key>.onnx` each). */
export async function writeModel(
  dir: string,
  module: string,
  role: string,
  version: string,
  files: Record<string, string>,
  withSha: boolean,
): Promise<void> {
  const versionDir = join(dir, module, role, version);
  await mkdir(versionDir, { recursive: true });
  const entries: Record<string, { path: string; sha256?: string }> = {};
  for (const [key, content] of Object.entries(files)) {
    await writeFile(join(versionDir, `${key}.onnx`), content);
    entries[key] = { path: `${key}.onnx`, ...(withSha ? { sha256: sha(content) } : {}) };
  }
  const manifest = { name: `${module}-${role}`, module, role, version, parent: null, description: 'test model', labels: ['a', 'b'], files: entries };
  await writeFile(join(versionDir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

/** Every file under `dir` (relative path → sha256 and mode), to prove a tree did not change. */
export async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out[relative(dir, path)] = `${sha((await readFile(path)).toString('latin1'))} ${(await stat(path)).mode.toString(8)}`;
    }
  };
  await walk(dir);
  return out;
}

/** The pid of a process that has already exited: what a crashed writer leaves in its temp names. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  if (child.pid === undefined) throw new Error('could not start a child process');
  return child.pid;
}
