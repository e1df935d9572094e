/**
 * Child process for the crash tests: opens the registry at argv[2] and dies (exit code 42, no
 * cleanup, no finally blocks) at the moment named by argv[3]:
 * - `version-commit`: a new version is fully staged and about to be renamed into place;
 * - `alias-write`: an activation has written `previous` and is about to rename the new `active`.
 */
import fs from 'node:fs/promises';
import { basename } from 'node:path';
import { createRegistry } from '../registry';

async function main(): Promise<void> {
  const [root, moment] = process.argv.slice(2);
  const registry = await createRegistry({ root });
  const model = registry.model('loc', 'student');
  const realRename = fs.rename;
  const dieWhen = (test: (target: string) => boolean) => {
    (fs as { rename: typeof fs.rename }).rename = async (from, to) => {
      if (test(String(to))) process.exit(42);
      return realRename(from, to);
    };
  };
  if (moment === 'version-commit') {
    dieWhen((target) => /^v\d+$/.test(basename(target)));
    await model.createVersion({ parent: 'v1', files: { head: Buffer.from('never visible') } });
  } else if (moment === 'alias-write') {
    const candidate = await model.createVersion({ parent: 'v1', files: { head: Buffer.from('candidate') } });
    dieWhen((target) => basename(target) === 'active');
    await model.activate(candidate.version);
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(String(error));
  process.exit(1);
});
