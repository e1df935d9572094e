import { Command } from 'commander';
import { registerWorldCommands } from './commands/world';

/**
 * The `vprog world …` commands alone. `tools/zoo/bundle-world.sh` bundles this entry into one
 * self-contained file, so that the zoo's datasets can be generated where only `node` is installed
 * (a training machine without the npm workspace). The output is byte for byte that of `vprog world`.
 */
const program = new Command('vprog').description('The Shapes world commands of vprog');
registerWorldCommands(program);
program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`vprog: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
