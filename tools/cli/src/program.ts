import { Command } from 'commander';
import { registerDistillCommands } from './commands/distill';
import { registerEvalCommands } from './commands/eval';
import { registerModelsCommands } from './commands/models';
import { registerParseCommands } from './commands/parse';
import { registerRunCommands } from './commands/run';
import { registerStartCommands } from './commands/start';
import { registerTraceCommands } from './commands/trace';
import { registerUpCommands } from './commands/up';
import { registerWorldCommands } from './commands/world';
import { registerZooCommands } from './commands/zoo';

/** Builds the `vprog` command tree; each area registers its own subcommands. */
export function buildProgram(): Command {
  const program = new Command('vprog')
    .description('vprog: visual programs over gRPC vision modules, with stepwise distillation')
    .showHelpAfterError();
  registerWorldCommands(program);
  registerZooCommands(program);
  registerParseCommands(program);
  registerRunCommands(program);
  registerEvalCommands(program);
  registerTraceCommands(program);
  registerUpCommands(program);
  registerModelsCommands(program);
  registerDistillCommands(program);
  registerStartCommands(program);
  return program;
}
