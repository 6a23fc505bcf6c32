// Physical components generated from the station's layout: ChargingStation, one EVSE per EVSE, one Connector per connector.

import type { VariableDefinition } from './types.js';
import type { ComponentRef } from './variable-key.js';

/** ConnectorStatusEnumType: AvailabilityState replicates the status sent in StatusNotification. */
export const AVAILABILITY_STATES = ['Available', 'Occupied', 'Reserved', 'Unavailable', 'Faulted'];

export interface StationLayout {
  vendor: string;
  model: string;
  serialNumber?: string;
  evses: Array<{
    id: number;
    /** Rated power, W. */
    maxPowerW: number;
    phases: 1 | 3;
    connectors: Array<{ id: number; type: string }>;
  }>;
}

function availability(component: ComponentRef): VariableDefinition[] {
  return [
    {
      component,
      variable: { name: 'AvailabilityState' },
      dataType: 'OptionList',
      valuesList: AVAILABILITY_STATES,
      default: 'Available',
      mutability: 'ReadOnly',
      persistent: false,
      description: 'Kept up to date by the station with setActual.',
    },
    { component, variable: { name: 'Available' }, dataType: 'boolean', default: 'true', mutability: 'ReadOnly', persistent: true, constant: true },
    { component, variable: { name: 'Problem' }, dataType: 'boolean', default: 'false', mutability: 'ReadOnly', persistent: false },
  ];
}

function phases(component: ComponentRef, n: number): VariableDefinition {
  return {
    component,
    variable: { name: 'SupplyPhases' },
    dataType: 'integer',
    minLimit: 0,
    maxLimit: 3,
    default: String(n),
    mutability: 'ReadOnly',
    persistent: true,
    constant: true,
  };
}

function text(component: ComponentRef, name: string, value: string): VariableDefinition {
  return { component, variable: { name }, dataType: 'string', default: value, mutability: 'ReadOnly', persistent: true, constant: true };
}

/** Definitions for the station, its EVSEs and connectors (part 2 appendix 3.2: ChargingStation, EVSE, Connector). */
export function stationComponents(layout: StationLayout): VariableDefinition[] {
  const station: ComponentRef = { name: 'ChargingStation' };
  const defs: VariableDefinition[] = [
    ...availability(station),
    phases(station, Math.max(...layout.evses.map((e) => e.phases))),
    text(station, 'VendorName', layout.vendor),
    text(station, 'Model', layout.model),
  ];
  if (layout.serialNumber !== undefined) defs.push(text(station, 'SerialNumber', layout.serialNumber));
  for (const evse of layout.evses) {
    const e: ComponentRef = { name: 'EVSE', evse: { id: evse.id } };
    defs.push(...availability(e), phases(e, evse.phases), {
      component: e,
      variable: { name: 'Power' },
      dataType: 'decimal',
      unit: 'W',
      minLimit: 0,
      maxLimit: evse.maxPowerW,
      mutability: 'ReadOnly',
      persistent: false,
      description: 'Measured power; no value while the meter has not answered (a missing reading is not zero).',
    });
    for (const connector of evse.connectors) {
      const c: ComponentRef = { name: 'Connector', evse: { id: evse.id, connectorId: connector.id } };
      defs.push(...availability(c), phases(c, evse.phases), {
        component: c,
        variable: { name: 'ConnectorType' },
        dataType: 'OptionList',
        valuesList: [connector.type],
        default: connector.type,
        mutability: 'ReadOnly',
        persistent: true,
        constant: true,
      });
    }
  }
  return defs;
}
