import { chmod, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { copyNewFile } from './fs-durable';

/**
 * Copies a directory tree of regular files into a new directory, fsyncing each copy and making it
 * read-only. Links are followed (the copy holds the content); hidden entries (`.gitkeep`,
 * `.DS_Store`) and anything that is not a file or directory are skipped. The source is only read.
 */
export async function copyTree(source: string, target: string): Promise<void> {
  await mkdir(target);
  for (const name of (await readdir(source)).sort()) {
    if (name.startsWith('.')) continue;
    const from = join(source, name);
    const to = join(target, name);
    const info = await stat(from);
    if (info.isDirectory()) await copyTree(from, to);
    else if (info.isFile()) {
      await copyNewFile(from, to);
      await chmod(to, 0o444);
    }
  }
}
