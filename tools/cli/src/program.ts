import { Command } from 'commander';
import { registerWorldCommands } from './commands/world';

/** Builds the `vprog` command tree; each area registers its own subcommands. */
export function buildProgram(): Command {
  const program = new Command('vprog')
    .description('vprog: visual programs over gRPC vision modules, with stepwise distillation')
    .showHelpAfterError();
  registerWorldCommands(program);
  return program;
}
