import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Where one model version lives in a model repository: `<root>/<module>/<role>/<version>/`. */
export interface ManifestLocation {
  readonly module: string;
  readonly role: string;
  readonly version: string;
  readonly dir: string;
}

async function subdirs(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Finds every `<module>/<role>/<version>/manifest.json` under a model root (the zoo's `models/` or
 * a registry root), sorted by module, role, version. A missing root yields an empty list; callers
 * that require models decide whether that is an error.
 */
export async function discoverManifests(root: string): Promise<ManifestLocation[]> {
  const found: ManifestLocation[] = [];
  for (const module of await subdirs(root)) {
    for (const role of await subdirs(join(root, module))) {
      for (const version of await subdirs(join(root, module, role))) {
        const dir = join(root, module, role, version);
        if (await isFile(join(dir, 'manifest.json'))) found.push({ module, role, version, dir });
      }
    }
  }
  return found;
}
