// CLI test harness: runs main() in-process with captured output, against a station rig served over TCP or a pty pair (RTU).

import { main } from '../../agent/cli/main.js';
import { openPtyPair, type PtyPair } from '../../simulators/modbus/pty-pair.js';
import { StationRig, type StationRigOptions } from '../../simulators/station-rig.js';

export type TransportKind = 'tcp' | 'rtu';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream stand-in that collects what is written; `onWrite` sees each chunk (to wait for a line). */
export class Capture {
  text = '';
  onWrite: ((chunk: string) => void) | undefined;
  write(chunk: string): boolean {
    this.text += chunk;
    this.onWrite?.(chunk);
    return true;
  }
}

export interface RunOptions {
  /** Defaults to a signal that never aborts (so main() installs no process signal handlers). */
  signal?: AbortSignal;
  stdout?: Capture;
  stderr?: Capture;
}

/** Runs `charger-agent ...argv` in this process and collects its exit code and output. */
export async function runCli(argv: string[], o: RunOptions = {}): Promise<CliResult> {
  const stdout = o.stdout ?? new Capture();
  const stderr = o.stderr ?? new Capture();
  const code = await main(argv, { stdout, stderr, signal: o.signal ?? new AbortController().signal });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

export interface ServedRig {
  rig: StationRig;
  /** The CLI's device address options for this rig: --tcp HOST:PORT or --rtu PATH --baud 115200. */
  address: string[];
  close(): Promise<void>;
}

/** A station rig on Modbus TCP (loopback, free port) or on an RTU slave at one end of a socat pty pair. */
export async function serveRig(kind: TransportKind, options: StationRigOptions = {}): Promise<ServedRig> {
  const rig = new StationRig(options);
  let pty: PtyPair | undefined;
  let address: string[];
  try {
    if (kind === 'tcp') {
      const port = await rig.serveTcp(0);
      address = ['--tcp', `127.0.0.1:${port}`];
    } else {
      pty = await openPtyPair();
      await rig.serveRtu(pty.simPath, 115200);
      address = ['--rtu', pty.agentPath, '--baud', '115200'];
    }
  } catch (err) {
    await rig.close();
    await pty?.close();
    throw err;
  }
  return {
    rig,
    address,
    close: async () => {
      await rig.close();
      await pty?.close();
    },
  };
}
