/**
 * Child process for the concurrency test: opens the registry at argv[2] and creates argv[3]
 * versions of loc/student, printing their ids as JSON.
 */
import { createRegistry } from '../registry';

async function main(): Promise<void> {
  const [root, count] = process.argv.slice(2);
  const registry = await createRegistry({ root });
  const model = registry.model('loc', 'student');
  const ids: string[] = [];
  for (let i = 0; i < Number(count); i += 1) {
    ids.push((await model.createVersion({ files: { head: Buffer.from(`${process.pid}-${i}`) } })).version);
  }
  process.stdout.write(JSON.stringify(ids));
}

main().catch((error: unknown) => {
  process.stderr.write(String(error));
  process.exit(1);
});
