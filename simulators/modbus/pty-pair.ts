// A connected pair of pseudo-terminals made by socat: one end for the agent's driver, one for a simulator.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  /** The end a driver opens (like /dev/ttyUSB0). */
  agentPath: string;
  /** The end a simulator opens. */
  simPath: string;
  close(): Promise<void>;
}

/** Starts socat; rejects after `timeoutMs` if the links do not appear (socat missing: install Debian's socat). */
export async function openPtyPair(timeoutMs = 5000): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'charger-agent-pty-'));
  const agentPath = join(dir, 'agent');
  const simPath = join(dir, 'sim');
  const proc: ChildProcess = spawn('socat', [`pty,raw,echo=0,link=${agentPath}`, `pty,raw,echo=0,link=${simPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let failure: Error | undefined;
  proc.on('error', (err) => (failure = new Error(`cannot start socat (apt-get install socat): ${err.message}`)));
  const deadline = Date.now() + timeoutMs;
  while (!(existsSync(agentPath) && existsSync(simPath))) {
    if (failure) throw failure;
    if (proc.exitCode !== null) throw new Error(`socat exited with code ${proc.exitCode}`);
    if (Date.now() > deadline) {
      proc.kill();
      throw new Error(`socat did not create the pty pair within ${timeoutMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  return {
    agentPath,
    simPath,
    close: async () => {
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        proc.kill();
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
