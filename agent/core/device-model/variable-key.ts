// One text key per device-model variable ("EVSE@1.Power", "OCPPCommCtrlr.MessageAttempts[TransactionEvent]"): used in config, storage and events.

export interface EvseRef {
  /** EVSE id, 1..n (0 is the station as a whole; use no evse for that). */
  id: number;
  /** Connector id on that EVSE, 1..n. */
  connectorId?: number;
}

export interface ComponentRef {
  name: string;
  instance?: string;
  evse?: EvseRef;
}

export interface VariableRef {
  name: string;
  instance?: string;
}

const NAME = '[A-Za-z0-9_-]+';
const KEY = new RegExp(`^(${NAME})(?:\\[([^\\]\\[]+)\\])?(?:@(\\d+)(?::(\\d+))?)?\\.(${NAME})(?:\\[([^\\]\\[]+)\\])?$`);

/**
 * `Component[componentInstance]@evseId:connectorId.Variable[variableInstance]`, the bracketed and
 * `@` parts only when present: "OCPPCommCtrlr.HeartbeatInterval", "Connector@1:2.ConnectorType".
 */
export function variableKey(component: ComponentRef, variable: VariableRef): string {
  let key = component.name;
  if (component.instance !== undefined) key += `[${component.instance}]`;
  if (component.evse) {
    key += `@${component.evse.id}`;
    if (component.evse.connectorId !== undefined) key += `:${component.evse.connectorId}`;
  }
  key += `.${variable.name}`;
  if (variable.instance !== undefined) key += `[${variable.instance}]`;
  return key;
}

/** The inverse of variableKey; throws an Error naming the expected form. */
export function parseVariableKey(key: string): { component: ComponentRef; variable: VariableRef } {
  const m = KEY.exec(key);
  if (!m) {
    throw new Error(
      `"${key}" is not a device-model key; expected "Component.Variable", optionally with [instance] after either name ` +
        `and @evse or @evse:connector after the component, e.g. "OCPPCommCtrlr.MessageAttempts[TransactionEvent]" or "EVSE@1.Power"`,
    );
  }
  const [, cName, cInst, evse, conn, vName, vInst] = m;
  const component: ComponentRef = { name: cName as string };
  if (cInst !== undefined) component.instance = cInst;
  if (evse !== undefined) component.evse = { id: Number(evse), ...(conn !== undefined && { connectorId: Number(conn) }) };
  const variable: VariableRef = { name: vName as string };
  if (vInst !== undefined) variable.instance = vInst;
  return { component, variable };
}

/** The lookup form of a key: OCPP component and variable names are case-insensitive. */
export function lookupKey(component: ComponentRef, variable: VariableRef): string {
  return variableKey(component, variable).toLowerCase();
}

/** The component part alone, for "is this component known" (UnknownComponent vs UnknownVariable). */
export function componentLookupKey(component: ComponentRef): string {
  return variableKey(component, { name: '' }).slice(0, -1).toLowerCase();
}
