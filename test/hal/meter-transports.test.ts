import { afterEach, describe, expect, it } from 'vitest';
import { loadMeterMap } from '../../hal/meter/register-map.js';
import { RegisterMapMeterSource } from '../../hal/meter/register-map-meter.js';
import { PolledMeter } from '../../hal/meter/polled-meter.js';
import { startRig, type RigUnderTest, type TransportKind } from '../helpers/rig.js';

/** Register resolution of each model's energy register, Wh (float32 kWh near 1.2 MWh: ~0.12 Wh; ABB: 0.01 kWh). */
const ENERGY_RESOLUTION_WH: Record<string, number> = { sdm630: 0.5, 'sdm72d-m': 0.5, 'abb-b23': 10 };

let current: RigUnderTest | undefined;
afterEach(async () => {
  await current?.close();
  current = undefined;
});

describe.each(['sdm630', 'sdm72d-m', 'abb-b23'])('built-in map %s', (model) => {
  it.each<TransportKind>(['tcp', 'rtu'])('reads the values the simulator holds over %s', async (transport) => {
    current = await startRig(transport, { meterModel: model });
    const sim = current.rig.evse(1).meter;
    sim.setLoad(7400, 1); // 32 A on L1
    const meter = new PolledMeter('meter-1', new RegisterMapMeterSource(current.client, 1, loadMeterMap(model)));
    const reading = await meter.read();

    expect(Math.abs(reading.energyImportWh - sim.state.energyImportWh)).toBeLessThanOrEqual(ENERGY_RESOLUTION_WH[model]!);
    expect(reading.energyImportWh).toBeGreaterThan(1_000_000);
    expect(reading.powerW).toBeCloseTo(7400, 1);
    expect(reading.frequencyHz).toBeCloseTo(50, 2);
    expect(reading.phases.L1?.voltageV).toBeCloseTo(230, 1);
    expect(reading.phases.L1?.currentA).toBeCloseTo(7400 / 230, 2);
    expect(reading.phases.L1?.powerW).toBeCloseTo(7400, 1);
    expect(reading.phases.L2?.currentA).toBeCloseTo(0, 5);
    expect(reading.phases.L3?.voltageV).toBeCloseTo(230, 1);
    expect(reading.energyExportWh).toBeCloseTo(0, 5);
    expect(meter.latest()?.stale).toBe(false);
  });
});

describe('energy integration', () => {
  it('the meter sees the energy the simulated load draws, at the rate of its power', async () => {
    current = await startRig('tcp', { meterModel: 'sdm630' });
    const sim = current.rig.evse(1).meter;
    const meter = new PolledMeter('meter-1', new RegisterMapMeterSource(current.client, 1, loadMeterMap('sdm630')));
    sim.setLoad(22_000);
    const first = await meter.read();
    await new Promise((r) => setTimeout(r, 500));
    const second = await meter.read();
    const expected = (22_000 * (second.timestamp - first.timestamp)) / 3_600_000;
    // both readings are taken within a few ms of the answer; allow 20 ms of timing slack either side
    expect(second.energyImportWh - first.energyImportWh).toBeGreaterThan(expected - (22_000 * 0.02) / 3.6);
    expect(second.energyImportWh - first.energyImportWh).toBeLessThan(expected + (22_000 * 0.02) / 3.6);
  });
});
