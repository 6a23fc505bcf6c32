// Runs the built agent (dist/) as a child process, so a test can SIGKILL it like a power cut; builds dist first when stale.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../hal/package-root.js';

const root = packageRoot();
const entry = join(root, 'dist', 'agent', 'cli', 'main.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, name.name);
    if (name.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (name.name.endsWith('.ts') || name.name.endsWith('.json')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Compiles the project into dist/ unless dist is newer than every source (npm ci already built it in CI). */
export function ensureBuilt(): void {
  const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
  const sources = Math.max(...['agent', 'hal', 'simulators'].map((d) => newestSource(join(root, d))));
  if (built > sources) return;
  try {
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe', timeout: 180_000 });
  } catch (err) {
    // tsc exits non-zero on type errors but still emits; the type-check step of npm test reports them.
    if (!existsSync(entry)) throw err;
  }
}

export interface AgentProcess {
  child: ChildProcess;
  output(): string;
  /** SIGKILL: no cleanup at all, like pulling the plug on the controller. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

export function spawnAgent(configFile: string): AgentProcess {
  const child = spawn(process.execPath, [entry, 'run', '--config', configFile, '--log-level', 'info'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    output: () => out,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
