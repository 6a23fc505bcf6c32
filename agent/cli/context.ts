// What every CLI command gets: output streams, a stop signal (Ctrl-C), and the errors that pick the exit code.

/** Anything text can be written to: process.stdout, or a buffer in tests. */
export interface TextOutput {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdout: TextOutput;
  stderr: TextOutput;
  /** Stops long-running commands (--watch, sim). Default: SIGINT/SIGTERM of this process. */
  signal?: AbortSignal;
}

export interface CommandContext {
  stdout: TextOutput;
  stderr: TextOutput;
  /** Aborted when the user asks to stop (Ctrl-C, SIGTERM). */
  signal: AbortSignal;
  /** The command as typed so far, for messages: "charger-agent meter read" (a subcommand dispatcher appends to it). */
  prog: string;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full help: usage, options, examples. */
  help: string;
  /** Runs the command; resolves with the exit code. Throws UsageError for bad arguments. */
  run(argv: string[], ctx: CommandContext): Promise<number>;
}

/** Exit codes: 0 success, 1 the device or operation failed, 2 bad command line. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A bad command line: exit code 2, one line naming the option, the value and what was expected. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Sleeps `ms`, or less when `signal` aborts; resolves false when aborted. */
export function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
