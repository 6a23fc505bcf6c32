// Reads the "evses" section: connectors, meter, contactor and vehicle per EVSE, resolving bus names into transports.

import { isAbsolute, resolve } from 'node:path';
import type { ContactorSpec, MeterSpec, TransportSpec, VehicleSpec } from '../../hal/device-spec.js';
import { loadMeterMap } from '../../hal/meter/register-map.js';
import type { ConnectorConfig, EvseConfig } from './config-types.js';
import { Section, joinPath } from './field-reader.js';
import { closest } from '../shared/suggest.js';
import type { DeviceClaim } from './device-conflicts.js';

/** OCPP 2.0.1 ConnectorEnumType plus the OCPP 2.1 ConnectorEnumStringType values (part 2 appendix 7.3). */
export const CONNECTOR_TYPES = [
  'cCCS1', 'cCCS2', 'cChaoJi', 'cG105', 'cGBT-DC', 'cLECCS', 'cMCS', 'cNACS', 'cNACS-CCS1', 'cCCS1-NACS', 'cTesla',
  'cType1', 'cType2', 'cUltraChaoJi', 's309-1P-16A', 's309-1P-32A', 's309-3P-16A', 's309-3P-32A', 'sBS1361', 'sCEE-7-7',
  'sType1', 'sType2', 'sType3', 'wInductive', 'wResonant', 'Other1PhMax16A', 'Other1PhOver16A', 'Other3Ph', 'Pan',
  'Undetermined', 'Unknown',
] as const;

const ADDRESS_MAX = 65535;

export interface EvseContext {
  buses: Record<string, TransportSpec>;
  /** Names declared in the file, including ones whose definition had a problem (already reported). */
  declaredBuses: string[];
  configDir: string;
  claims: DeviceClaim[];
}

/** Resolves `bus` and reads `unit` with the range its transport allows. */
function readBusUnit(s: Section, ctx: EvseContext): { transport: TransportSpec; busName: string; unit: number } | undefined {
  const busName = s.str('bus', { maxLen: 32 });
  let transport: TransportSpec | undefined;
  if (busName !== undefined) {
    transport = ctx.buses[busName];
    if (!transport && !ctx.declaredBuses.includes(busName)) {
      const guess = closest(busName, ctx.declaredBuses);
      const known = ctx.declaredBuses.length ? `known buses: ${ctx.declaredBuses.map((b) => `"${b}"`).join(', ')}` : 'the config declares no buses';
      s.problems.add(s.at('bus'), `no bus named "${busName}"${guess ? ` (did you mean "${guess}"?)` : ''}; ${known}`);
    }
  }
  // RTU slave addresses are 1..247 (0 is broadcast); a TCP unit id may be 0..255.
  const unit = transport?.kind === 'tcp' ? s.int('unit', 0, 255) : s.int('unit', 1, 247);
  if (!transport || busName === undefined || unit === undefined) return undefined;
  return { transport, busName, unit };
}

function readConnectors(s: Section): ConnectorConfig[] | undefined {
  const list = s.array('connectors', 'connectors like {"id": 1, "type": "cType2"}', { nonEmpty: true });
  if (!list) return undefined;
  const out: ConnectorConfig[] = [];
  list.forEach((raw, i) => {
    const c = Section.of(s.problems, joinPath(s.at('connectors'), i), raw);
    if (!c) return;
    c.allow(['id', 'type']);
    const id = c.int('id', 1, list.length);
    const type = c.oneOf<string>('type', CONNECTOR_TYPES);
    if (id !== undefined && out.some((o) => o.id === id)) c.problems.add(c.at('id'), `connector id ${id} is used twice in this EVSE; number connectors 1..${list.length}`);
    else if (id !== undefined && type !== undefined) out.push({ id, type });
  });
  return out.length === list.length ? out.sort((a, b) => a.id - b.id) : undefined;
}

function readMeter(s: Section, ctx: EvseContext, evseId: string): (MeterSpec & { pollMs: number }) | undefined {
  s.allow(['bus', 'unit', 'map', 'pollMs', 'faultAfterFailures', 'maxPowerW']);
  const at = readBusUnit(s, ctx);
  let map = s.str('map');
  const pollMs = s.int('pollMs', 100, 60_000, { default: 1000 });
  const faultAfterFailures = s.int('faultAfterFailures', 1, 100, { optional: true });
  const maxPowerW = s.int('maxPowerW', 1, 10_000_000, { optional: true });
  if (map !== undefined) {
    // A map file path is relative to the config file; a bare model name is a built-in map.
    if (!/^[a-z0-9-]+$/i.test(map)) map = isAbsolute(map) ? map : resolve(ctx.configDir, map);
    try {
      loadMeterMap(map);
    } catch (err) {
      s.problems.add(s.at('map'), (err as Error).message);
      map = undefined;
    }
  }
  if (!at || map === undefined || pollMs === undefined) return undefined;
  ctx.claims.push({ transport: at.transport, busName: at.busName, unit: at.unit, path: s.path, what: `the meter of EVSE ${evseId}`, whole: true });
  return {
    transport: at.transport,
    unit: at.unit,
    map,
    pollMs,
    ...(faultAfterFailures !== undefined && { faultAfterFailures }),
    ...(maxPowerW !== undefined && { maxPowerW }),
  };
}

function readContactor(s: Section, ctx: EvseContext, evseId: string): ContactorSpec | undefined {
  s.allow(['driver', 'bus', 'unit', 'coil', 'feedback', 'inverted', 'feedbackTimeoutMs', 'faultAfterFailures', 'openLatencyMs']);
  const driver = s.oneOf('driver', ['modbus-coil'] as const);
  const at = readBusUnit(s, ctx);
  const coil = s.int('coil', 0, ADDRESS_MAX);
  const inverted = s.bool('inverted', { optional: true });
  const feedbackTimeoutMs = s.int('feedbackTimeoutMs', 50, 10_000, { optional: true });
  const faultAfterFailures = s.int('faultAfterFailures', 1, 100, { optional: true });
  const openLatencyMs = s.int('openLatencyMs', 0, 5000, { optional: true });
  let feedback: ContactorSpec['feedback'];
  let feedbackOk = true;
  const f = s.section('feedback', { optional: true });
  if (f) {
    f.allow(['input', 'coil']);
    if (f.has('input') === f.has('coil')) {
      f.problems.expected(f.path, f.obj, '{"input": <discrete input address>} or {"coil": <coil address>}');
      feedbackOk = false;
    } else {
      const key = f.has('input') ? 'input' : 'coil';
      const address = f.int(key, 0, ADDRESS_MAX);
      if (address === undefined) feedbackOk = false;
      else feedback = { function: key === 'input' ? 2 : 1, address, ...(inverted !== undefined && { inverted }) };
    }
  }
  if (inverted !== undefined && !f) s.problems.add(s.at('inverted'), '"inverted" describes the feedback contact; it needs "feedback"');
  if (feedbackTimeoutMs !== undefined && !f) s.problems.add(s.at('feedbackTimeoutMs'), '"feedbackTimeoutMs" needs "feedback"');
  if (!driver || !at || coil === undefined || !feedbackOk) return undefined;
  const base = { transport: at.transport, busName: at.busName, unit: at.unit, path: s.path };
  ctx.claims.push({ ...base, table: 'coils', address: coil, what: `the contactor coil of EVSE ${evseId}` });
  if (feedback) {
    ctx.claims.push({
      ...base,
      table: feedback.function === 2 ? 'discreteInputs' : 'coils',
      address: feedback.address,
      what: `the contactor feedback of EVSE ${evseId}`,
    });
  }
  return {
    driver,
    transport: at.transport,
    unit: at.unit,
    coil,
    ...(feedback && { feedback }),
    ...(feedbackTimeoutMs !== undefined && { feedbackTimeoutMs }),
    ...(faultAfterFailures !== undefined && { faultAfterFailures }),
    ...(openLatencyMs !== undefined && { openLatencyMs }),
  };
}

function readStateValues(s: Section): { disconnected: number[]; connected: number[]; ready: number[] } | undefined {
  const v = s.section('values', { optional: true });
  if (!v) return undefined;
  v.allow(['disconnected', 'connected', 'ready']);
  const out: Record<string, number[]> = {};
  for (const state of ['disconnected', 'connected', 'ready']) {
    const list = v.array(state, 'register values 0..65535', { nonEmpty: true });
    if (list?.every((x) => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 65535)) out[state] = list as number[];
    else if (list) v.problems.expected(v.at(state), list, 'a non-empty list of register values 0..65535');
  }
  return out.disconnected && out.connected && out.ready ? { disconnected: out.disconnected, connected: out.connected, ready: out.ready } : undefined;
}

function readVehicle(s: Section, ctx: EvseContext, evseId: string): (VehicleSpec & { pollMs: number }) | undefined {
  const driver = s.oneOf('driver', ['fixed', 'modbus-inputs', 'modbus-register'] as const);
  if (driver === 'fixed') {
    s.allow(['driver', 'state']);
    const state = s.oneOf('state', ['connected', 'ready', 'disconnected'] as const);
    return state && { driver, state, pollMs: 0 };
  }
  if (driver === 'modbus-inputs') {
    s.allow(['driver', 'bus', 'unit', 'source', 'plugged', 'ready', 'pollMs']);
    const at = readBusUnit(s, ctx);
    const source = s.oneOf('source', ['input', 'coil'] as const, { default: 'input' });
    const plugged = s.int('plugged', 0, ADDRESS_MAX);
    const ready = s.int('ready', 0, ADDRESS_MAX, { optional: true });
    const pollMs = s.int('pollMs', 50, 10_000, { default: 200 });
    if (plugged !== undefined && ready === plugged) s.problems.add(s.at('ready'), `"ready" and "plugged" are both address ${plugged}`);
    if (!at || !source || plugged === undefined || pollMs === undefined || ready === plugged) return undefined;
    const table = source === 'input' ? 'discreteInputs' : 'coils';
    const base = { transport: at.transport, busName: at.busName, unit: at.unit, path: s.path, table } as const;
    ctx.claims.push({ ...base, address: plugged, what: `the vehicle "plugged" ${source} of EVSE ${evseId}` });
    if (ready !== undefined) ctx.claims.push({ ...base, address: ready, what: `the vehicle "ready" ${source} of EVSE ${evseId}` });
    const fn = source === 'input' ? 2 : 1;
    return { driver, transport: at.transport, unit: at.unit, function: fn, plugged, ...(ready !== undefined && { ready }), pollMs };
  }
  if (driver === 'modbus-register') {
    s.allow(['driver', 'bus', 'unit', 'register', 'address', 'values', 'pollMs']);
    const at = readBusUnit(s, ctx);
    const register = s.oneOf('register', ['input', 'holding'] as const, { default: 'input' });
    const address = s.int('address', 0, ADDRESS_MAX);
    const values = readStateValues(s);
    const pollMs = s.int('pollMs', 50, 10_000, { default: 200 });
    if (!at || !register || address === undefined || pollMs === undefined || (s.has('values') && !values)) return undefined;
    const table = register === 'input' ? 'inputRegisters' : 'holdingRegisters';
    ctx.claims.push({ transport: at.transport, busName: at.busName, unit: at.unit, path: s.path, table, address, what: `the vehicle pilot register of EVSE ${evseId}` });
    return { driver, transport: at.transport, unit: at.unit, function: register === 'input' ? 4 : 3, address, ...(values && { values }), pollMs };
  }
  return undefined;
}

function readEvse(s: Section, ctx: EvseContext, count: number): EvseConfig | undefined {
  s.allow(['id', 'connectors', 'meter', 'contactor', 'vehicle', 'maxPowerW', 'phases']);
  const id = s.int('id', 1, count);
  const name = id === undefined ? '?' : String(id);
  const connectors = readConnectors(s);
  const meterS = s.section('meter');
  const meter = meterS && readMeter(meterS, ctx, name);
  const contactorS = s.section('contactor');
  const contactor = contactorS && readContactor(contactorS, ctx, name);
  const vehicleS = s.section('vehicle');
  const vehicle = vehicleS && readVehicle(vehicleS, ctx, name);
  const maxPowerW = s.int('maxPowerW', 1, 10_000_000, { default: 22_000 });
  const phases = s.oneOf<1 | 3>('phases', [1, 3], { default: 3 });
  if (id === undefined || !connectors || !meter || !contactor || !vehicle || maxPowerW === undefined || phases === undefined) return undefined;
  return { id, connectors, meter, contactor, vehicle, maxPowerW, phases };
}

export function readEvses(root: Section, ctx: EvseContext): EvseConfig[] | undefined {
  const list = root.array('evses', 'EVSEs', { nonEmpty: true });
  if (!list) return undefined;
  const out: EvseConfig[] = [];
  const idAt = new Map<number, number>();
  list.forEach((raw, i) => {
    const s = Section.of(root.problems, joinPath('evses', i), raw);
    const evse = s && readEvse(s, ctx, list.length);
    if (s && typeof s.obj.id === 'number' && idAt.has(s.obj.id)) {
      root.problems.add(s.at('id'), `EVSE id ${s.obj.id} is also used by evses[${idAt.get(s.obj.id)}]; number EVSEs 1..${list.length}`);
      return;
    }
    if (s && typeof s.obj.id === 'number') idAt.set(s.obj.id, i);
    if (evse) out.push(evse);
  });
  return out.length === list.length ? out.sort((a, b) => a.id - b.id) : undefined;
}
