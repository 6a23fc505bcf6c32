import { afterEach, describe, expect, it } from 'vitest';
import { Capture, runCli, serveRig, type ServedRig, type TransportKind } from './cli-harness.js';

let served: ServedRig | undefined;
afterEach(async () => {
  await served?.close();
  served = undefined;
});

interface JsonReading {
  time: string;
  energyImportWh: number;
  powerW: number;
  phases: Record<string, { voltageV?: number; currentA?: number; powerW?: number }>;
}

describe.each<TransportKind>(['tcp', 'rtu'])('charger-agent meter read over %s', (kind) => {
  it('prints one JSON reading with the energy the simulated meter holds', async () => {
    served = await serveRig(kind);
    const sim = served.rig.evse(1).meter;
    sim.setLoad(7400, 1);
    const { code, stdout, stderr } = await runCli(['meter', 'read', '--driver', 'sdm630', ...served.address, '--unit', '1']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const reading = JSON.parse(lines[0]!) as JsonReading;
    expect(Math.abs(reading.energyImportWh - sim.state.energyImportWh)).toBeLessThan(1);
    expect(reading.energyImportWh).toBeGreaterThan(1_000_000);
    expect(reading.powerW).toBeCloseTo(7400, 1);
    expect(reading.phases.L1?.currentA).toBeCloseTo(7400 / 230, 2);
    expect(Date.parse(reading.time)).toBeGreaterThan(Date.now() - 10_000);
  });

  it('--table prints measurands per phase with units', async () => {
    served = await serveRig(kind, { meterModel: 'abb-b23' });
    served.rig.evse(1).meter.setLoad(11_040, 3);
    const { code, stdout } = await runCli(['meter', 'read', '--driver', 'abb-b23', ...served.address, '--table']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^abb-b23 unit 1 on (tcp|rtu):/);
    expect(stdout).toMatch(/Measurand\s+L1\s+L2\s+L3\s+Total\s+Unit/);
    expect(stdout).toMatch(/Energy import\s+1234\.5\d\d\s+kWh/);
    expect(stdout).toMatch(/Power\s+3680\.0\s+3680\.0\s+3680\.0\s+11040\.0\s+W/);
    expect(stdout).toMatch(/Voltage\s+230\.0\s+230\.0\s+230\.0\s+V/);
    expect(stdout).toMatch(/Current\s+16\.00\s+16\.00\s+16\.00\s+A/);
    expect(stdout).toMatch(/Frequency\s+50\.00\s+Hz/);
  });

  it('--watch --count 3 prints three JSON lines with a rising energy register', async () => {
    served = await serveRig(kind);
    served.rig.evse(1).meter.setLoad(22_000);
    const { code, stdout } = await runCli(['meter', 'read', '--driver', 'sdm630', ...served.address, '--watch', '100', '--count', '3']);
    expect(code).toBe(0);
    const readings = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as JsonReading);
    expect(readings).toHaveLength(3);
    expect(readings[2]!.energyImportWh).toBeGreaterThan(readings[0]!.energyImportWh);
    // paced by --watch, not back to back (~7 ms a read): two intervals of 100 ms, less the first read's
    // port-opening time, which the timestamps (taken when each answer arrived) do not include
    const spacing = Date.parse(readings[2]!.time) - Date.parse(readings[0]!.time);
    expect(spacing).toBeGreaterThanOrEqual(100);
  });

  it('a meter that does not answer: exit 1 with the timeout message, no stack trace', async () => {
    served = await serveRig(kind);
    served.rig.devices.setFault(1, { kind: 'no-answer' });
    const { code, stdout, stderr } = await runCli(['meter', 'read', '--driver', 'sdm630', ...served.address, '--timeout', '100', '--retries', '0']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^charger-agent meter read: timeout: unit 1 on .* did not answer/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('--watch goes on through failed reads, showing the fault and the recovery', async () => {
    served = await serveRig(kind);
    const devices = served.rig.devices;
    const stdout = new Capture();
    const stderr = new Capture();
    let readingsSeen = 0;
    stdout.onWrite = () => {
      if (++readingsSeen === 1) devices.setFault(1, { kind: 'no-answer' });
    };
    stderr.onWrite = (chunk) => {
      if (chunk.includes('FAULTED')) devices.setFault(1, { kind: 'none' });
    };
    const res = await runCli(['meter', 'read', '--driver', 'sdm630', ...served.address, '--watch', '30', '--count', '6', '--timeout', '60', '--retries', '0'], {
      stdout,
      stderr,
    });
    expect(res.code).toBe(0);
    const errLines = res.stderr.trim().split('\n');
    expect(errLines.filter((l) => /read failed: timeout: .*did not answer/.test(l))).toHaveLength(3);
    expect(errLines.filter((l) => l.includes('meter FAULTED (timeout after 3 failed reads)'))).toHaveLength(1);
    expect(errLines.filter((l) => l.includes('meter recovered'))).toHaveLength(1);
    expect(errLines[errLines.length - 1]).toMatch(/recovered/);
    expect(res.stdout.trim().split('\n')).toHaveLength(3); // 6 reads: 1 good, 3 failed, 2 good
  });
});

describe('charger-agent meter read on the serial line', () => {
  it('a reply with a corrupt CRC: exit 1 naming the CRC error', async () => {
    served = await serveRig('rtu');
    served.rig.devices.setFault(1, { kind: 'corrupt-crc' });
    const { code, stderr } = await runCli(['meter', 'read', '--driver', 'sdm630', ...served.address, '--timeout', '100', '--retries', '0']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^charger-agent meter read: crc: CRC error in reply from unit 1/);
  });

  it('an exception reply: exit 1 naming the exception', async () => {
    served = await serveRig('rtu');
    served.rig.devices.setFault(1, { kind: 'exception', code: 2 });
    const { code, stderr } = await runCli(['meter', 'read', '--driver', 'sdm630', ...served.address]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/exception: unit 1 answered function 0x04 with exception 2 \(Illegal Data Address\)/);
  });
});

describe('charger-agent meter with a map file and the map list', () => {
  it('--map FILE reads with a map from a file', async () => {
    served = await serveRig('tcp');
    const { code, stdout } = await runCli(['meter', 'read', '--map', 'hal/meter/maps/sdm72d-m.json', ...served.address]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as JsonReading).energyImportWh).toBeGreaterThan(1_000_000);
  });

  it('meter maps lists the built-in maps', async () => {
    const { code, stdout } = await runCli(['meter', 'maps']);
    expect(code).toBe(0);
    expect(stdout.split('\n').map((l) => l.split(/\s+/)[0])).toEqual(expect.arrayContaining(['abb-b23', 'sdm630', 'sdm72d-m']));
    expect(stdout).toMatch(/Eastron SDM630/);
  });
});
