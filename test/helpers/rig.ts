// Test helpers: a station rig served over TCP or over RTU on a socat pty pair, with a client for it.

import type { ModbusClient } from '../../hal/modbus/client.js';
import { RtuClient } from '../../hal/modbus/rtu-client.js';
import { TcpClient } from '../../hal/modbus/tcp-client.js';
import { openPtyPair, type PtyPair } from '../../simulators/modbus/pty-pair.js';
import { StationRig, type StationRigOptions } from '../../simulators/station-rig.js';

export type TransportKind = 'tcp' | 'rtu';

export interface RigUnderTest {
  rig: StationRig;
  client: ModbusClient;
  close(): Promise<void>;
}

export async function startRig(
  transport: TransportKind,
  options: StationRigOptions = {},
  timing = { timeoutMs: 150, retries: 1 },
): Promise<RigUnderTest> {
  const rig = new StationRig(options);
  let pty: PtyPair | undefined;
  let client: ModbusClient;
  if (transport === 'tcp') {
    const port = await rig.serveTcp(0);
    client = TcpClient.withDefaults('127.0.0.1', port, timing);
  } else {
    pty = await openPtyPair();
    await rig.serveRtu(pty.simPath, 115200);
    client = RtuClient.withDefaults(pty.agentPath, { baudRate: 115200, ...timing });
  }
  return {
    rig,
    client,
    close: async () => {
      await client.close();
      await rig.close();
      await pty?.close();
    },
  };
}

/** Polls `cond` every 10 ms until true or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
