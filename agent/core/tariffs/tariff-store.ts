// The station's tariffs: default tariffs per EVSE (with validFrom), driver tariffs, the tariff of each transaction; answers I07–I11.

import { pino, type Logger } from 'pino';
import type {
  ChangeTransactionTariffRequest,
  ChangeTransactionTariffResponse,
  ClearTariffsRequest,
  ClearTariffsResponse,
  ClearTariffsResultType,
  GetTariffsRequest,
  GetTariffsResponse,
  SetDefaultTariffRequest,
  SetDefaultTariffResponse,
  StatusInfoType,
  TariffAssignmentType,
  TariffKindEnumType,
  TariffSetStatusEnumType,
  TariffType,
} from '../types/v21.js';
import { validateTariff, type TariffSettings } from './tariff-validate.js';

/** Where the store keeps its state across reboots (the lead maps it to the SQLite kv table). */
export interface TariffStorePort {
  /** The last saved JSON, or undefined when nothing was saved yet. */
  load(): string | undefined;
  /** Stores `json` durably before returning; may throw (logged, the change stays in memory). */
  save(json: string): void;
}

export interface TariffStoreOptions {
  /** The station's EVSE ids (1..n); evseId 0 in SetDefaultTariff means all of them. */
  evseIds: number[];
  /** The TariffCostCtrlr values in force, read at every request. */
  settings: () => TariffSettings;
  persistence?: TariffStorePort;
  /** The tariff from the config file, in force on an EVSE that has no default tariff from the CSMS. */
  configDefault?: TariffType;
  /** Clock, ms since epoch (default Date.now). */
  now?: () => number;
  logger?: Logger;
}

/** The tariff a transaction is priced with, and where it came from. */
export interface TariffChoice {
  tariff: TariffType;
  kind: TariffKindEnumType;
}

interface DefaultEntry {
  evseId: number;
  tariff: TariffType;
  /** When it takes over: validFrom, or the installation time. ms since epoch. */
  effectiveFrom: number;
  /** Order of installation (a later one wins a tie on effectiveFrom). */
  installSeq: number;
}

interface DriverEntry {
  idToken: string;
  tariff: TariffType;
  /** EVSEs the authorization is limited to (idTokenInfo.evseId); absent: any. */
  evseIds?: number[];
}

interface TxBinding {
  transactionId: string;
  evseId: number;
  idToken?: string;
  tariff: TariffType;
  kind: TariffKindEnumType;
}

interface Persisted {
  version: 1;
  installSeq: number;
  defaults: DefaultEntry[];
  drivers: DriverEntry[];
  transactions: TxBinding[];
  /** Tokens whose driver tariff failed under HandleFailedTariff CentralCost: their next transaction is not priced locally. */
  centralCost?: string[];
  /** Transactions priced by the CSMS (CentralCost), until they end. */
  centralTransactions?: string[];
}

/** JSON with sorted keys: equal content gives equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function info(reasonCode: string, additionalInfo?: string): StatusInfoType {
  return { reasonCode, ...(additionalInfo ? { additionalInfo: additionalInfo.slice(0, 1024) } : {}) };
}

/**
 * Tariff bookkeeping for OCPP 2.1 local cost calculation. Rules where part 2 is not available (documented choices):
 * - SetDefaultTariff with evseId 0 installs the tariff on every EVSE individually. A tariffId identifies one
 *   content: the same id with different content (default, driver or transaction tariff) is DuplicateTariffId;
 *   the same id with the same content is accepted again (e.g. for another EVSE).
 * - Per EVSE the default in force at time t is the one with the latest validFrom (or installation time) <= t;
 *   a tariff with a future validFrom waits and takes over then; one superseded by another in force is dropped.
 * - A transaction keeps the tariff it started with (ClearTariffs/SetDefaultTariff do not touch it) until
 *   ChangeTransactionTariff replaces it or it ends; a driver tariff is dropped when no transaction uses it any more.
 * - ClearTariffs removes default tariffs only (a driver tariff id is answered Rejected); the config-file default
 *   cannot be cleared (Rejected) and is never persisted.
 */
export class TariffStore {
  private readonly now: () => number;
  private readonly logger: Logger;
  private defaults: DefaultEntry[] = [];
  private drivers: DriverEntry[] = [];
  private transactions: TxBinding[] = [];
  private centralCost = new Set<string>();
  private centralTransactions = new Set<string>();
  private installSeq = 0;

  constructor(private readonly options: TariffStoreOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.load();
  }

  /** I07 SetDefaultTariff. */
  setDefaultTariff(req: SetDefaultTariffRequest): SetDefaultTariffResponse {
    if (req.evseId !== 0 && !this.options.evseIds.includes(req.evseId)) {
      return { status: 'Rejected', statusInfo: info('UnknownEvse', `EVSE ${req.evseId} does not exist`) };
    }
    const rejection = validateTariff(req.tariff, this.options.settings());
    if (rejection) return { status: rejection.status, statusInfo: info(rejection.reasonCode, rejection.additionalInfo) };
    if (this.conflicts(req.tariff)) {
      return { status: 'DuplicateTariffId', statusInfo: info('InvalidValue', `tariffId ${req.tariff.tariffId} is already installed with other content`) };
    }
    const validFrom = req.tariff.validFrom !== undefined ? Date.parse(req.tariff.validFrom) : undefined;
    const effectiveFrom = validFrom ?? this.now();
    const targets = req.evseId === 0 ? this.options.evseIds : [req.evseId];
    for (const evseId of targets) {
      this.defaults = this.defaults.filter((e) => !(e.evseId === evseId && e.tariff.tariffId === req.tariff.tariffId));
      this.defaults.push({ evseId, tariff: req.tariff, effectiveFrom, installSeq: ++this.installSeq });
    }
    this.prune();
    this.save();
    return { status: 'Accepted' };
  }

  /** I09 GetTariffs: evseId 0 → every tariff on the station; n → the tariffs on EVSE n. */
  getTariffs(req: GetTariffsRequest): GetTariffsResponse {
    if (req.evseId !== 0 && !this.options.evseIds.includes(req.evseId)) {
      return { status: 'Rejected', statusInfo: info('UnknownEvse', `EVSE ${req.evseId} does not exist`) };
    }
    this.prune();
    const byId = new Map<string, { kind: TariffKindEnumType; validFrom?: string; evseIds: Set<number>; idTokens: Set<string> }>();
    const entry = (tariff: TariffType, kind: TariffKindEnumType) => {
      let a = byId.get(tariff.tariffId);
      if (!a) {
        a = { kind, evseIds: new Set(), idTokens: new Set(), ...(kind === 'DefaultTariff' && tariff.validFrom ? { validFrom: tariff.validFrom } : {}) };
        byId.set(tariff.tariffId, a);
      }
      return a;
    };
    for (const d of this.defaults) entry(d.tariff, 'DefaultTariff').evseIds.add(d.evseId);
    const config = this.options.configDefault;
    if (config) {
      const now = this.now();
      for (const evseId of this.options.evseIds) if (!this.defaultInForce(evseId, now)) entry(config, 'DefaultTariff').evseIds.add(evseId);
    }
    for (const d of this.drivers) {
      const a = entry(d.tariff, 'DriverTariff');
      a.idTokens.add(d.idToken);
      for (const e of d.evseIds ?? []) a.evseIds.add(e);
    }
    for (const t of this.transactions) {
      const a = entry(t.tariff, t.kind);
      a.evseIds.add(t.evseId);
      if (t.kind === 'DriverTariff' && t.idToken !== undefined) a.idTokens.add(t.idToken);
    }
    const assignments: TariffAssignmentType[] = [];
    for (const [tariffId, a] of byId) {
      if (req.evseId !== 0 && !a.evseIds.has(req.evseId)) continue;
      assignments.push({
        tariffId,
        tariffKind: a.kind,
        ...(a.validFrom ? { validFrom: a.validFrom } : {}),
        ...(a.evseIds.size ? { evseIds: [...a.evseIds].sort((x, y) => x - y) } : {}),
        ...(a.idTokens.size ? { idTokens: [...a.idTokens] } : {}),
      });
    }
    return assignments.length ? { status: 'Accepted', tariffAssignments: assignments } : { status: 'NoTariff' };
  }

  /**
   * I10 ClearTariffs: tariffIds and/or evseId narrow what is cleared (evseId absent or 0: all EVSEs). One result per
   * requested tariffId (Accepted, NoTariff, or Rejected for a driver or config-file tariff); without tariffIds one
   * result per cleared tariff, or a single NoTariff.
   */
  clearTariffs(req: ClearTariffsRequest): ClearTariffsResponse {
    const onEvse = (e: DefaultEntry): boolean => req.evseId === undefined || req.evseId === 0 || e.evseId === req.evseId;
    const results: ClearTariffsResultType[] = [];
    if (req.tariffIds?.length) {
      for (const tariffId of req.tariffIds) {
        const matching = this.defaults.filter((e) => e.tariff.tariffId === tariffId && onEvse(e));
        if (matching.length) {
          this.defaults = this.defaults.filter((e) => !matching.includes(e));
          results.push({ tariffId, status: 'Accepted' });
        } else if (this.options.configDefault?.tariffId === tariffId) {
          results.push({ tariffId, status: 'Rejected', statusInfo: info('UnsupportedRequest', 'this default tariff comes from the station configuration file') });
        } else if (this.drivers.some((d) => d.tariff.tariffId === tariffId) || this.transactions.some((t) => t.tariff.tariffId === tariffId && t.kind === 'DriverTariff')) {
          results.push({ tariffId, status: 'Rejected', statusInfo: info('UnsupportedRequest', 'a driver tariff is removed when its transaction ends') });
        } else {
          results.push({ tariffId, status: 'NoTariff' });
        }
      }
    } else {
      const cleared = [...new Set(this.defaults.filter(onEvse).map((e) => e.tariff.tariffId))];
      this.defaults = this.defaults.filter((e) => !onEvse(e));
      for (const tariffId of cleared) results.push({ tariffId, status: 'Accepted' });
    }
    if (results.length === 0) results.push({ status: 'NoTariff' });
    this.save();
    return { clearTariffsResult: results };
  }

  /**
   * I08: a driver tariff from AuthorizeResponse.tariff for `idToken` (its validFrom is ignored: driver tariffs
   * apply at once). Returns the status the station would give it; anything but Accepted means the tariff cannot
   * be processed and TariffCostCtrlr.HandleFailedTariff decides (Deauthorize, UseDefaultTariff, CentralCost).
   */
  receiveDriverTariff(idToken: string, tariff: TariffType, evseIds?: number[]): { status: TariffSetStatusEnumType; statusInfo?: StatusInfoType } {
    const { validFrom: _ignored, ...immediate } = tariff;
    const rejection = validateTariff(immediate, this.options.settings());
    if (rejection) return { status: rejection.status, statusInfo: info(rejection.reasonCode, rejection.additionalInfo) };
    if (this.conflicts(immediate)) return { status: 'DuplicateTariffId', statusInfo: info('InvalidValue', `tariffId ${tariff.tariffId} is already installed with other content`) };
    this.drivers = this.drivers.filter((d) => d.idToken !== idToken);
    this.drivers.push({ idToken, tariff: immediate, ...(evseIds?.length ? { evseIds } : {}) });
    this.centralCost.delete(idToken);
    this.save();
    return { status: 'Accepted' };
  }

  /**
   * HandleFailedTariff CentralCost: the driver's tariff could not be processed, so the CSMS prices the
   * session; the token's next transaction gets no local tariff (and no local cost).
   */
  useCentralCost(idToken: string): void {
    this.drivers = this.drivers.filter((d) => d.idToken !== idToken);
    this.centralCost.add(idToken);
    this.save();
  }

  /** The default tariff in force on `evseId` at `atMs` (default now): the CSMS's, else the config file's. */
  defaultTariffFor(evseId: number, atMs: number = this.now()): TariffType | undefined {
    return this.defaultInForce(evseId, atMs)?.tariff ?? this.options.configDefault;
  }

  /** The tariff a transaction for `idToken` on `evseId` would be priced with: the driver's, else the default. */
  tariffFor(evseId: number, idToken?: string, atMs: number = this.now()): TariffChoice | undefined {
    if (idToken !== undefined && this.centralCost.has(idToken)) return undefined;
    const driver = idToken !== undefined ? this.drivers.find((d) => d.idToken === idToken && (!d.evseIds || d.evseIds.includes(evseId))) : undefined;
    if (driver) return { tariff: driver.tariff, kind: 'DriverTariff' };
    const tariff = this.defaultTariffFor(evseId, atMs);
    return tariff ? { tariff, kind: 'DefaultTariff' } : undefined;
  }

  /** Binds a starting transaction to its tariff (tariffFor) and returns it; undefined when no tariff applies. */
  startTransaction(transactionId: string, evseId: number, idToken?: string, atMs: number = this.now()): TariffChoice | undefined {
    // a transaction resumed after a restart keeps the tariff (or the central pricing) it started with
    const bound = this.transactions.find((t) => t.transactionId === transactionId);
    if (bound) return { tariff: bound.tariff, kind: bound.kind };
    if (this.centralTransactions.has(transactionId)) return undefined;
    if (idToken !== undefined && this.centralCost.delete(idToken)) {
      this.centralTransactions.add(transactionId); // used up: the CSMS prices this transaction
      this.save();
      return undefined;
    }
    const choice = this.tariffFor(evseId, idToken, atMs);
    if (!choice) return undefined;
    this.transactions = this.transactions.filter((t) => t.transactionId !== transactionId);
    this.transactions.push({ transactionId, evseId, ...(idToken !== undefined ? { idToken } : {}), tariff: choice.tariff, kind: choice.kind });
    this.save();
    return choice;
  }

  /**
   * A transaction that started before its token was known (TxStartPoint EVConnected, the token presented later)
   * became authorized for `idToken`: the token's own pricing replaces the default bound at the start, as if the
   * token had been there then — its driver tariff (I08), or none when its driver tariff failed under
   * HandleFailedTariff CentralCost. Returns whether the binding changed, and the new choice (undefined: the CSMS
   * prices it). A transaction already priced for a token (driver, ChangeTransactionTariff, central) keeps it.
   */
  authorizeTransaction(transactionId: string, evseId: number, idToken: string, atMs: number = this.now()): { changed: boolean; choice?: TariffChoice } {
    if (this.centralTransactions.has(transactionId)) return { changed: false };
    const bound = this.transactions.find((t) => t.transactionId === transactionId);
    if (bound && bound.kind !== 'DefaultTariff') return { changed: false };
    if (this.centralCost.delete(idToken)) {
      this.transactions = this.transactions.filter((t) => t !== bound);
      this.centralTransactions.add(transactionId); // used up: the CSMS prices this transaction
      this.save();
      return { changed: true };
    }
    const choice = this.tariffFor(evseId, idToken, atMs);
    if (choice?.kind !== 'DriverTariff') return { changed: false };
    this.transactions = this.transactions.filter((t) => t !== bound);
    this.transactions.push({ transactionId, evseId, idToken, tariff: choice.tariff, kind: choice.kind });
    this.save();
    return { changed: true, choice };
  }

  /** The tariff a running transaction is priced with. */
  transactionTariff(transactionId: string): TariffChoice | undefined {
    const t = this.transactions.find((b) => b.transactionId === transactionId);
    return t ? { tariff: t.tariff, kind: t.kind } : undefined;
  }

  /**
   * I11 ChangeTransactionTariff. On Accepted, `tariff` is the new tariff: apply it to the transaction's
   * CostSession (changeTariff) and send a TransactionEvent with triggerReason TariffChanged. A tariffId already
   * in use with other content is Rejected (the change enum has no DuplicateTariffId).
   */
  changeTransactionTariff(req: ChangeTransactionTariffRequest): { response: ChangeTransactionTariffResponse; tariff?: TariffType } {
    const binding = this.transactions.find((t) => t.transactionId === req.transactionId);
    if (!binding) return { response: { status: 'TxNotFound', statusInfo: info('TxNotFound', `no transaction ${req.transactionId} with a tariff on this station`) } };
    if (req.tariff.currency !== binding.tariff.currency) {
      return { response: { status: 'NoCurrencyChange', statusInfo: info('InvalidValue', `transaction ${req.transactionId} is priced in ${binding.tariff.currency}, not ${req.tariff.currency}`) } };
    }
    const { validFrom: _ignored, ...immediate } = req.tariff;
    const rejection = validateTariff(immediate, { ...this.options.settings(), currency: binding.tariff.currency });
    if (rejection) return { response: { status: rejection.status, statusInfo: info(rejection.reasonCode, rejection.additionalInfo) } };
    if (this.conflicts(immediate, binding)) {
      return { response: { status: 'Rejected', statusInfo: info('InvalidValue', `tariffId ${req.tariff.tariffId} is already installed with other content`) } };
    }
    binding.tariff = immediate;
    binding.kind = 'DriverTariff';
    this.save();
    return { response: { status: 'Accepted' }, tariff: immediate };
  }

  /** The transaction ended: unbind it and drop a driver tariff no other transaction uses. */
  endTransaction(transactionId: string): void {
    if (this.centralTransactions.delete(transactionId)) this.save();
    const binding = this.transactions.find((t) => t.transactionId === transactionId);
    if (!binding) return;
    this.transactions = this.transactions.filter((t) => t !== binding);
    if (binding.idToken !== undefined && binding.kind === 'DriverTariff') {
      const stillUsed = this.transactions.some((t) => t.idToken === binding.idToken);
      if (!stillUsed) this.drivers = this.drivers.filter((d) => d.idToken !== binding.idToken);
    }
    this.save();
  }

  /** The next validFrom after `nowMs` at which some EVSE's default tariff changes (to refresh displayed prices), or undefined. */
  nextDefaultChangeAt(nowMs: number = this.now()): number | undefined {
    const future = this.defaults.map((e) => e.effectiveFrom).filter((t) => t > nowMs);
    return future.length ? Math.min(...future) : undefined;
  }

  private defaultInForce(evseId: number, atMs: number): DefaultEntry | undefined {
    let best: DefaultEntry | undefined;
    for (const e of this.defaults) {
      if (e.evseId !== evseId || e.effectiveFrom > atMs) continue;
      if (!best || e.effectiveFrom > best.effectiveFrom || (e.effectiveFrom === best.effectiveFrom && e.installSeq > best.installSeq)) best = e;
    }
    return best;
  }

  /** Drops defaults superseded by the one in force on their EVSE. */
  private prune(): void {
    const now = this.now();
    const inForce = new Map<number, DefaultEntry>();
    for (const evseId of new Set(this.defaults.map((e) => e.evseId))) {
      const e = this.defaultInForce(evseId, now);
      if (e) inForce.set(evseId, e);
    }
    this.defaults = this.defaults.filter((e) => {
      const current = inForce.get(e.evseId);
      return !current || e === current || e.effectiveFrom > now;
    });
  }

  /** True when another installed tariff (default, driver, transaction) has this id with different content. */
  private conflicts(tariff: TariffType, except?: TxBinding): boolean {
    const text = canonical(tariff);
    const same = (t: TariffType): boolean => t.tariffId === tariff.tariffId && canonical(t) !== text;
    const config = this.options.configDefault;
    return (
      this.defaults.some((e) => same(e.tariff)) ||
      this.drivers.some((d) => same(d.tariff)) ||
      this.transactions.some((t) => t !== except && same(t.tariff)) ||
      (config !== undefined && same(config))
    );
  }

  private load(): void {
    const port = this.options.persistence;
    if (!port) return;
    let text: string | undefined;
    try {
      text = port.load();
    } catch (err) {
      this.logger.error({ err }, 'tariffs: cannot load the stored tariffs; starting with none');
      return;
    }
    if (text === undefined) return;
    try {
      const data = JSON.parse(text) as Partial<Persisted>;
      if (data.version !== 1) throw new Error(`unknown tariff store version ${String(data.version)}`);
      this.defaults = (data.defaults ?? []).filter((e) => this.options.evseIds.includes(e.evseId));
      this.drivers = data.drivers ?? [];
      this.transactions = data.transactions ?? [];
      this.centralCost = new Set(data.centralCost ?? []);
      this.centralTransactions = new Set(data.centralTransactions ?? []);
      this.installSeq = data.installSeq ?? this.defaults.length;
    } catch (err) {
      this.logger.error({ err }, 'tariffs: the stored tariffs are unreadable; starting with none');
    }
  }

  private save(): void {
    const port = this.options.persistence;
    if (!port) return;
    const data: Persisted = {
      version: 1,
      installSeq: this.installSeq,
      defaults: this.defaults,
      drivers: this.drivers,
      transactions: this.transactions,
      ...(this.centralCost.size > 0 ? { centralCost: [...this.centralCost] } : {}),
      ...(this.centralTransactions.size > 0 ? { centralTransactions: [...this.centralTransactions] } : {}),
    };
    try {
      port.save(JSON.stringify(data));
    } catch (err) {
      this.logger.error({ err }, 'tariffs: cannot store the tariffs; the change holds until a restart');
    }
  }
}
