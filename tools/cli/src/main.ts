import type { Command } from 'commander';
import { buildProgram } from './program';

/** Entry point of the `vprog` command. */
async function main(argv: readonly string[]): Promise<void> {
  const program: Command = buildProgram();
  await program.parseAsync([...argv]);
}

main(process.argv).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`vprog: ${message}\n`);
  process.exitCode = 1;
});
