// Test helpers for config files: a valid base config to break one key at a time, written to a temp dir and loaded.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../agent/config/config-errors.js';
import type { AgentConfig } from '../../agent/config/config-types.js';
import { loadConfig } from '../../agent/config/load-config.js';

export type Raw = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function baseConfig(): Raw {
  return {
    station: { id: 'CS-T-1', model: 'test' },
    csms: { url: 'ws://127.0.0.1:9000/ocpp', securityProfile: 1, basicAuthPassword: 'abcdefghijklmnop1234' },
    buses: { bus: { rtu: '/dev/ttyUSB0', baud: 9600 } },
    evses: [
      {
        id: 1,
        connectors: [{ id: 1, type: 'cType2' }],
        meter: { bus: 'bus', unit: 1, map: 'sdm630' },
        contactor: { driver: 'modbus-coil', bus: 'bus', unit: 2, coil: 0, feedback: { input: 0 } },
        vehicle: { driver: 'fixed', state: 'ready' },
      },
    ],
  };
}

export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'charger-agent-config-'));

  write(name: string, content: string | Raw): string {
    const file = join(this.path, name);
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    return file;
  }

  load(content: string | Raw, name = 'agent.json'): AgentConfig {
    return loadConfig(this.write(name, content));
  }

  /** Loads a config that must fail; returns the ConfigError. */
  fail(content: string | Raw): ConfigError {
    try {
      this.load(content);
    } catch (err) {
      if (err instanceof ConfigError) return err;
      throw err;
    }
    throw new Error('the config loaded but was expected to fail');
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}
