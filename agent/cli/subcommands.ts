// Dispatches `charger-agent <command> <subcommand> …` to the subcommand's handler, with the usage errors every command gives.

import { EXIT_OK, UsageError, type CommandContext } from './context.js';

export type SubcommandHandler = (argv: string[], ctx: CommandContext) => Promise<number>;

/** Runs `argv[0]` of `handlers` with the rest; `--help` prints `help`; a missing or unknown one is a UsageError naming the choices. */
export async function runSubcommand(command: string, argv: string[], ctx: CommandContext, help: string, handlers: Record<string, SubcommandHandler>): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h' || sub === 'help') {
    ctx.stdout.write(help);
    return EXIT_OK;
  }
  const names = Object.keys(handlers);
  const expected = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]!}`;
  if (sub === undefined) throw new UsageError(`missing ${command} command, expected ${expected}`);
  const run = Object.hasOwn(handlers, sub) ? handlers[sub] : undefined;
  if (!run) throw new UsageError(`unknown ${command} command "${sub}", expected ${expected}`);
  ctx.prog += ` ${sub}`;
  return run(rest, ctx);
}
