import { afterEach, describe, expect, it } from 'vitest';
import type { MeterFault, MeterReading } from '../../hal/meter/meter.js';
import { MeterReadError } from '../../hal/meter/meter.js';
import { PolledMeter } from '../../hal/meter/polled-meter.js';
import { loadMeterMap } from '../../hal/meter/register-map.js';
import { RegisterMapMeterSource } from '../../hal/meter/register-map-meter.js';
import { startRig, waitFor, type RigUnderTest, type TransportKind } from '../helpers/rig.js';

let current: RigUnderTest | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

async function setup(transport: TransportKind, model = 'sdm630') {
  current = await startRig(transport, { meterModel: model });
  const meter = new PolledMeter('meter-1', new RegisterMapMeterSource(current.client, 1, loadMeterMap(model)), {
    faultAfterFailures: 2,
    staleAfterMs: 400,
  });
  const faults: MeterFault[] = [];
  const recovered: MeterReading[] = [];
  const readings: MeterReading[] = [];
  meter.on('fault', (f) => faults.push(f));
  meter.on('recovered', (r) => recovered.push(r));
  meter.on('reading', (r) => readings.push(r));
  const good = await meter.read();
  return { rig: current.rig, devices: current.rig.devices, sim: current.rig.evse(1).meter, meter, faults, recovered, readings, good };
}

/** Reads until the meter reports a fault; every read in between must reject, never resolve. */
async function readUntilFault(meter: PolledMeter, faults: MeterFault[], max = 5): Promise<MeterReadError[]> {
  const errors: MeterReadError[] = [];
  for (let i = 0; i < max && faults.length === 0; i++) {
    const outcome = await meter.read().then(
      (r) => r,
      (e: unknown) => e,
    );
    expect(outcome).toBeInstanceOf(MeterReadError);
    errors.push(outcome as MeterReadError);
  }
  return errors;
}

describe.each<TransportKind>(['tcp', 'rtu'])('meter faults over %s', (transport) => {
  it('a meter that stops answering is reported faulted (timeout), its last reading goes stale, and no zero is read', async () => {
    const { devices, meter, faults, readings, good } = await setup(transport);
    devices.setFault(1, { kind: 'no-answer' });
    const errors = await readUntilFault(meter, faults);
    expect(errors.every((e) => e.kind === 'timeout')).toBe(true);
    expect(faults).toHaveLength(1);
    expect(faults[0]!.kind).toBe('timeout');
    expect(meter.fault?.kind).toBe('timeout');
    expect(readings).toHaveLength(1);
    // the last good value is kept, but flagged stale: nothing passes as fresh
    expect(meter.latest()).toEqual({ reading: good, stale: true });
  });

  it('an exception reply is a fault, not a value', async () => {
    const { devices, meter, faults, readings } = await setup(transport);
    devices.setFault(1, { kind: 'exception', code: 4 });
    const errors = await readUntilFault(meter, faults);
    expect(errors[0]!.kind).toBe('exception');
    expect(errors[0]!.message).toMatch(/exception 4 \(Server Device Failure\)/);
    expect(faults[0]!.kind).toBe('exception');
    expect(readings).toHaveLength(1);
    expect(meter.latest()?.stale).toBe(true);
  });

  it('a NaN in a float register is an invalid value, not a reading', async () => {
    const { sim, meter, faults, readings } = await setup(transport);
    sim.setEnergyInvalid(true);
    const errors = await readUntilFault(meter, faults);
    expect(errors[0]!.kind).toBe('invalid-value');
    expect(errors[0]!.message).toMatch(/energyImportWh.*NaN/);
    expect(readings).toHaveLength(1);
  });

  it('reading resumes by itself when the device answers again, with a recovered event', async () => {
    const { devices, meter, faults, recovered, readings } = await setup(transport);
    devices.setFault(1, { kind: 'no-answer' });
    meter.start(50);
    await waitFor(() => faults.length === 1, 3000, 'the fault');
    devices.setFault(1, { kind: 'none' });
    await waitFor(() => recovered.length === 1, 3000, 'recovery');
    meter.stop();
    expect(meter.fault).toBeUndefined();
    expect(meter.latest()?.stale).toBe(false);
    expect(readings.length).toBeGreaterThanOrEqual(2);
  });
});

describe('meter faults on the serial line', () => {
  it('a reply with a corrupt CRC is a CRC fault and is never decoded', async () => {
    const { devices, meter, faults, readings } = await setup('rtu');
    devices.setFault(1, { kind: 'corrupt-crc' });
    const errors = await readUntilFault(meter, faults);
    expect(errors[0]!.kind).toBe('crc');
    expect(faults[0]!.kind).toBe('crc');
    expect(readings).toHaveLength(1);
  });
});

describe('energy register plausibility', () => {
  it('a jump of the energy register faults the meter at once and is not passed on', async () => {
    const { sim, meter, faults, readings, good } = await setup('tcp');
    sim.jumpEnergy(500_000); // +500 kWh in a few ms
    await expect(meter.read()).rejects.toMatchObject({ kind: 'implausible' });
    expect(faults).toEqual([expect.objectContaining({ kind: 'implausible' })]);
    expect(readings).toEqual([good]);
    expect(meter.latest()?.stale).toBe(true);
  });

  it('a register that runs backwards is implausible', async () => {
    const { sim, meter, faults } = await setup('tcp');
    sim.jumpEnergy(-1_000);
    await expect(meter.read()).rejects.toMatchObject({ kind: 'implausible' });
    expect(faults[0]!.kind).toBe('implausible');
  });

  it('after a jump, a register that counts on consistently becomes the new baseline, flagged as a discontinuity', async () => {
    const { sim, meter, recovered } = await setup('tcp');
    sim.jumpEnergy(500_000);
    await expect(meter.read()).rejects.toMatchObject({ kind: 'implausible' });
    await expect(meter.read()).rejects.toMatchObject({ kind: 'implausible' });
    const third = await meter.read();
    expect(third.discontinuity).toBe(true);
    expect(recovered).toHaveLength(1);
    const fourth = await meter.read();
    expect(fourth.discontinuity).toBeUndefined();
  });
});

describe('ABB integer "not available" markers', () => {
  it('an energy register holding the type maximum is rejected, never decoded as a huge or zero value', async () => {
    const { sim, meter, faults } = await setup('tcp', 'abb-b23');
    sim.setEnergyInvalid(true);
    const errors = await readUntilFault(meter, faults);
    expect(errors[0]!.kind).toBe('invalid-value');
    expect(errors[0]!.message).toMatch(/not available/);
  });
});
