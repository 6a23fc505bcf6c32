#!/usr/bin/env node
// charger-agent command line entry point: dispatches to subcommands; exit 0 ok, 1 device/operation failure, 2 bad arguments.

import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packageRoot } from '../../hal/package-root.js';
import { contactorCommand } from './commands/contactor.js';
import { meterCommand } from './commands/meter.js';
import { simCommand } from './commands/sim.js';
import { demoCommand } from './commands/demo.js';
import { runCommand } from './commands/run.js';
import { statusCommand } from './commands/status.js';
import { qrCommand } from './commands/qr.js';
import { totpCommand } from './commands/totp.js';
import { csmsCommand } from './commands/csms.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command, type CommandContext } from './context.js';
import { failureMessage } from './errors.js';
import { stopOnProcessSignals } from './signals.js';

/** The subcommands, in the order `help` lists them. Later issues add run, status, totp, qr here. */
export const COMMANDS: readonly Command[] = [runCommand, statusCommand, demoCommand, meterCommand, contactorCommand, simCommand, csmsCommand, qrCommand, totpCommand];

function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length), 'help'.length);
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `charger-agent: charger-side OCPP agent and technician tools

Usage: charger-agent <command> [options]

Commands:
${lines.join('\n')}
  ${'help'.padEnd(width)}  show help for a command: charger-agent help <command>

Run "charger-agent <command> --help" for a command's options and examples.
Exit codes: 0 success, 1 the device or operation failed, 2 bad command line.

Examples:
  charger-agent meter read --driver sdm630 --rtu /dev/ttyUSB0 --baud 9600 --parity none --unit 1
  charger-agent contactor status --driver modbus-coil --rtu /dev/ttyUSB0 --unit 11 --coil 0 --feedback-input 0
  charger-agent sim --pty --plugged
`;
}

/** Runs the command line `argv` (without node and script); resolves with the exit code. Never throws. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    (name === undefined ? io.stderr : io.stdout).write(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${version()}\n`);
    return EXIT_OK;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      io.stdout.write(usage());
      return EXIT_OK;
    }
    const cmd = findCommand(topic);
    if (!cmd) {
      io.stderr.write(`charger-agent help: unknown command "${topic}", expected one of ${COMMANDS.map((c) => c.name).join(', ')}\n`);
      return EXIT_USAGE;
    }
    io.stdout.write(cmd.help);
    return EXIT_OK;
  }
  const cmd = findCommand(name);
  if (!cmd) {
    io.stderr.write(`charger-agent: unknown command "${name}", expected one of ${COMMANDS.map((c) => c.name).join(', ')}, help (see charger-agent --help)\n`);
    return EXIT_USAGE;
  }
  const stop = io.signal ? undefined : stopOnProcessSignals();
  const ctx: CommandContext = { stdout: io.stdout, stderr: io.stderr, signal: io.signal ?? stop!.signal, prog: `charger-agent ${cmd.name}` };
  try {
    return await cmd.run(rest, ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`${ctx.prog}: ${err.message} (see ${ctx.prog} --help)\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`${ctx.prog}: ${failureMessage(err)}\n`);
    return EXIT_FAILURE;
  } finally {
    stop?.dispose();
  }
}

/** True when this module is the program node was started with (not imported by a test or another module). */
function runDirectly(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href || fileURLToPath(import.meta.url) === realpathSync(script);
  } catch {
    return false;
  }
}

if (runDirectly()) {
  main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`charger-agent: ${failureMessage(err)}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}
