// Benchmark agent configs (station rig over Modbus TCP, CsmsSim on loopback) and the built agent run as a child process.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TariffConfig } from '../agent/config/read-display-tariff.js';
import { packageRoot } from '../hal/package-root.js';

export interface BenchAgentConfigOptions {
  /** Directory the config is written to; the agent's dataDir is <dir>/data. */
  dir: string;
  stationId: string;
  /** HTTP Basic password (security profile 1); must be in CsmsSim's passwords map. */
  password: string;
  csmsPort: number;
  /** The StationRig's Modbus TCP port (unit n = meter, 10+n contactor, 20+n EV of EVSE n). */
  modbusPort: number;
  /** EVSEs 1..n (default 1). */
  evses?: number;
  /** Meter poll interval, ms. */
  meterPollMs: number;
  /** Device model values at start (e.g. 'SampledDataCtrlr.TxUpdatedInterval': 60). */
  ocppDefaults?: Record<string, string | number | boolean>;
  /** The config's log.level (default 'silent'). */
  logLevel?: string;
  /** The config's default tariff (absent: none, so maxCost cannot be enforced). */
  tariff?: TariffConfig;
}

/**
 * Writes <dir>/config.json and returns its path: the same shape as the test harness's config (sdm630 meter,
 * Modbus coil contactor with feedback, Modbus vehicle inputs at the production default poll), one bus per rig.
 */
export function writeBenchAgentConfig(o: BenchAgentConfigOptions): string {
  const evses = Array.from({ length: o.evses ?? 1 }, (_, i) => {
    const n = i + 1;
    return {
      id: n,
      connectors: [{ id: 1, type: 'cType2' }],
      meter: { bus: 'rig', unit: n, map: 'sdm630', pollMs: o.meterPollMs },
      contactor: { driver: 'modbus-coil', bus: 'rig', unit: 10 + n, coil: 0, feedback: { input: 0 } },
      vehicle: { driver: 'modbus-inputs', bus: 'rig', unit: 20 + n, plugged: 0, ready: 1 },
      maxPowerW: 22000,
    };
  });
  const config = {
    station: { id: o.stationId, vendor: 'charger-agent', model: 'bench-rig', serialNumber: o.stationId, firmwareVersion: '0.1.0' },
    csms: {
      url: `ws://127.0.0.1:${o.csmsPort}/ocpp`,
      versions: ['ocpp2.1', 'ocpp2.0.1'],
      securityProfile: 1,
      basicAuthPassword: o.password,
      pingIntervalSec: 30,
    },
    dataDir: './data',
    log: { level: o.logLevel ?? 'silent' },
    buses: { rig: { tcp: `127.0.0.1:${o.modbusPort}`, timeoutMs: 300, retries: 1 } },
    evses,
    transactions: { onPowerLoss: 'end' },
    display: { kioskPort: 0 },
    ...(o.tariff ? { tariff: o.tariff } : {}),
    ocppDefaults: { ...o.ocppDefaults },
  };
  const file = join(o.dir, 'config.json');
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

/** The built CLI entry (dist/agent/cli/main.js). */
export function agentEntry(): string {
  const entry = join(packageRoot(), 'dist', 'agent', 'cli', 'main.js');
  if (!existsSync(entry)) throw new Error(`${entry} does not exist: run "npm run build" first`);
  return entry;
}

export interface ChildAgent {
  child: ChildProcess;
  pid: number;
  /** Everything the agent wrote to stdout and stderr (its JSON log lines). */
  output(): string;
  /** SIGTERM (the agent opens its contactors and closes the database), SIGKILL after 10 s; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts `node dist/agent/cli/main.js run --config FILE` (log level from the config), as systemd would. */
export function spawnBenchAgent(configFile: string): ChildAgent {
  const child = spawn(process.execPath, [agentEntry(), 'run', '--config', configFile], { cwd: packageRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start the agent (${process.execPath} ${agentEntry()})`);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exitCode = code;
      resolve(code);
    }),
  );
  return {
    child,
    pid: child.pid,
    output: () => out,
    async stop() {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
