// TariffCostCtrlr device-model variables (OCPP 2.1 part 2 §3.1.18 and the 2.1 variable list), and reading TariffSettings from them.

import type { VariableDefinition } from '../device-model/types.js';
import { variableKey } from '../device-model/variable-key.js';
import type { TariffSettings } from './tariff-validate.js';

export const TARIFF_COST_CTRLR = 'TariffCostCtrlr';

/** HandleFailedTariff[Tariff] options: what to do with a driver tariff that cannot be processed. */
export const HANDLE_FAILED_TARIFF = ['Deauthorize', 'UseDefaultTariff', 'CentralCost'] as const;
export type HandleFailedTariff = (typeof HANDLE_FAILED_TARIFF)[number];

export interface TariffCostCatalogOptions {
  /** TariffCostCtrlr.Currency default (ISO 4217), e.g. from the config file's default tariff. */
  currency: string;
  /** MaxElements[Tariff] (default 20). */
  maxElements?: number;
  /** Interval[Cost] default, s: running cost in TransactionEvent (default 60). */
  runningCostIntervalS?: number;
  /** Interval[Tariff], s: how often power/current/energy conditions are evaluated — every meter reading (default 1). */
  conditionIntervalS?: number;
  tariffFallbackMessage?: string;
  totalCostFallbackMessage?: string;
  offlineTariffFallbackMessage?: string;
}

type Row = Omit<VariableDefinition, 'component' | 'variable'> & { name: string; instance?: string };

/** The TariffCostCtrlr rows this station implements. */
export function tariffCostCatalog(o: TariffCostCatalogOptions): VariableDefinition[] {
  const RW = { mutability: 'ReadWrite', persistent: true } as const;
  const RO_CONST = { mutability: 'ReadOnly', persistent: true, constant: true } as const;
  const message = (name: string, value: string | undefined, description: string): Row => ({
    name, dataType: 'string', minLimit: 0, maxLimit: 512, ...RW, ...(value !== undefined ? { default: value } : {}), description,
  });
  const rows: Row[] = [
    { name: 'Available', instance: 'Tariff', dataType: 'boolean', default: 'true', ...RO_CONST, description: 'The station supports the TariffType structure.' },
    { name: 'Available', instance: 'Cost', dataType: 'boolean', default: 'true', ...RO_CONST, description: 'The station supports local cost calculation.' },
    { name: 'Enabled', instance: 'Tariff', dataType: 'boolean', default: 'true', ...RW, description: 'TariffType tariffs are accepted (SetDefaultTariff, AuthorizeResponse.tariff, ChangeTransactionTariff).' },
    { name: 'Enabled', instance: 'Cost', dataType: 'boolean', default: 'true', ...RW, description: 'Cost is calculated locally and sent as costDetails.' },
    { name: 'Enabled', instance: 'RunningCost', dataType: 'boolean', default: 'true', ...RW, description: 'Running cost is sent in TransactionEvent costDetails every Interval[Cost].' },
    {
      name: 'Currency', dataType: 'string', minLimit: 3, maxLimit: 3, default: o.currency, pattern: '^[A-Z]{3}$', patternHint: 'an ISO 4217 code of three capital letters', ...RW,
      description: 'A tariff in another currency is Rejected.',
    },
    { name: 'Interval', instance: 'Cost', dataType: 'integer', unit: 's', minLimit: 1, maxLimit: 86_400, default: String(o.runningCostIntervalS ?? 60), ...RW, description: 'Interval of running-cost updates during a transaction.' },
    {
      name: 'Interval', instance: 'Tariff', dataType: 'integer', unit: 's', minLimit: 1, maxLimit: 3600, default: String(o.conditionIntervalS ?? 1), mutability: 'ReadOnly', persistent: true, constant: true,
      description: 'Power, current and energy conditions are evaluated at every meter reading.',
    },
    { name: 'MaxElements', instance: 'Tariff', dataType: 'integer', minLimit: 1, maxLimit: 1000, default: String(o.maxElements ?? 20), ...RO_CONST, description: 'Most price elements per tariff component.' },
    { name: 'ConditionsSupported', instance: 'Tariff', dataType: 'boolean', default: 'true', ...RO_CONST, description: 'Every TariffConditionsType/TariffConditionsFixedType condition is evaluated.' },
    { name: 'HandleFailedTariff', instance: 'Tariff', dataType: 'OptionList', valuesList: [...HANDLE_FAILED_TARIFF], default: 'UseDefaultTariff', ...RW, description: 'What to do when a driver tariff cannot be processed.' },
    { name: 'Problem', dataType: 'boolean', default: 'false', mutability: 'ReadOnly', persistent: false, description: 'A driver tariff could not be processed (cleared by the next accepted one).' },
    message('TariffFallbackMessage', o.tariffFallbackMessage, 'Shown when no driver-specific tariff is available.'),
    message('TotalCostFallbackMessage', o.totalCostFallbackMessage, 'Shown when the total cost cannot be known at the end of a transaction.'),
    message('OfflineTariffFallbackMessage', o.offlineTariffFallbackMessage, 'Shown while the station is offline.'),
  ];
  return rows.map(({ name, instance, ...rest }) => ({
    component: { name: TARIFF_COST_CTRLR },
    variable: instance !== undefined ? { name, instance } : { name },
    ...rest,
  }));
}

/** The device-model key of a TariffCostCtrlr variable: tariffCostKey('Enabled', 'Tariff') → "TariffCostCtrlr.Enabled[Tariff]". */
export function tariffCostKey(name: string, instance?: string): string {
  return variableKey({ name: TARIFF_COST_CTRLR }, instance !== undefined ? { name, instance } : { name });
}

/** TariffSettings from the device model's current values (`get(key)` returns the Actual value text, or undefined). */
export function tariffSettingsFrom(get: (key: string) => string | undefined): TariffSettings {
  const maxElements = Number(get(tariffCostKey('MaxElements', 'Tariff')));
  const currency = get(tariffCostKey('Currency'));
  return {
    tariffEnabled: get(tariffCostKey('Enabled', 'Tariff')) !== 'false',
    conditionsSupported: get(tariffCostKey('ConditionsSupported', 'Tariff')) !== 'false',
    ...(Number.isInteger(maxElements) && maxElements > 0 ? { maxElements } : {}),
    ...(currency ? { currency } : {}),
  };
}
