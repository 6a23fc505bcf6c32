// The payment URL from WebPaymentsCtrlr.URLTemplate: case-insensitive {placeholders}, URL-encoded values, checked when the template is set.

/** The transaction-limit placeholders WebPaymentsCtrlr.URLParameters can list (OCPP 2.1 appendix spelling; compared case-insensitively). */
export const URL_LIMIT_PARAMETERS = ['maxtime', 'maxenergy', 'maxcost'] as const;

export interface PaymentLimits {
  /** Maximum energy, Wh (integer >= 0). */
  maxEnergy?: number;
  /** Maximum charging time, s (integer >= 0). */
  maxTime?: number;
  /** Maximum cost in the station's currency (>= 0). */
  maxCost?: number;
}

export interface PaymentUrlValues {
  /** WebPaymentsCtrlr.ChargingStationId, else the station identity. Required when the template uses it. */
  chargingStationId: string;
  /** The EVSE the code is for; absent on a shared display where the driver picks the EVSE later. */
  evseId?: number;
  /** The current password. */
  totp: string;
  /** The TOTP algorithm version (WebPaymentsCtrlr.TOTPVersion), e.g. "v1". */
  version: string;
  /** WebPaymentsCtrlr.RoamingCSId, e.g. "DE*GEF*S12345678". */
  roamingCsId?: string;
  /** WebPaymentsCtrlr.RoamingEvseId, e.g. "DE*GEF*E12345678*1". */
  roamingEvseId?: string;
  /** Limits the driver chose on the station display. */
  limits?: PaymentLimits;
  /** WebPaymentsCtrlr.URLParameters: the limit placeholders the template may use. */
  urlParameters: readonly string[];
}

/** A template that cannot be used; `placeholder` names the offending one where there is one. */
export class UrlTemplateError extends Error {
  override name = 'UrlTemplateError';
  constructor(
    message: string,
    readonly placeholder?: string,
  ) {
    super(message);
  }
}

type Kind = 'required' | 'identity' | 'limit';

/** Every placeholder by lower-case name: its canonical spelling and how an absent value is handled. */
const PLACEHOLDERS: Record<string, { name: string; kind: Kind }> = {
  chargingstationid: { name: 'chargingStationId', kind: 'required' },
  evse: { name: 'evse', kind: 'identity' },
  // The whitepaper's OCPP 1.6 example writes {evseId}; accepted as the same variable.
  evseid: { name: 'evse', kind: 'identity' },
  roamingcsid: { name: 'roamingCSId', kind: 'identity' },
  roamingevseid: { name: 'roamingEVSEId', kind: 'identity' },
  totp: { name: 'totp', kind: 'required' },
  version: { name: 'version', kind: 'required' },
  maxenergy: { name: 'maxEnergy', kind: 'limit' },
  maxtime: { name: 'maxTime', kind: 'limit' },
  maxcost: { name: 'maxCost', kind: 'limit' },
};

/** The placeholder names the template syntax knows, canonical spelling. */
export const URL_PLACEHOLDERS = ['chargingStationId', 'evse', 'evseId', 'roamingCSId', 'roamingEVSEId', 'totp', 'version', 'maxEnergy', 'maxTime', 'maxCost'];

interface Token {
  /** Literal text, or a placeholder (lower-case name). */
  text?: string;
  placeholder?: string;
  /** As written, for messages. */
  raw?: string;
}

function tokenize(template: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    const close = template.indexOf('}', i);
    if (close >= 0 && (open < 0 || close < open)) throw new UrlTemplateError(`URL template has a "}" without "{" at position ${close}`);
    if (open < 0) {
      out.push({ text: template.slice(i) });
      break;
    }
    if (open > i) out.push({ text: template.slice(i, open) });
    const end = template.indexOf('}', open);
    if (end < 0) throw new UrlTemplateError(`URL template has a "{" without "}" at position ${open}`);
    const raw = template.slice(open + 1, end);
    if (raw.includes('{')) throw new UrlTemplateError(`URL template has a "{" inside a placeholder at position ${open}`);
    const lower = raw.toLowerCase();
    if (!PLACEHOLDERS[lower]) {
      throw new UrlTemplateError(`URL template placeholder {${raw}} is unknown; known placeholders: ${URL_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`, raw);
    }
    out.push({ placeholder: lower, raw });
    i = end + 1;
  }
  return out;
}

/** The placeholders a template uses, canonical spelling, each once. Throws UrlTemplateError for bad syntax or unknown names. */
export function templatePlaceholders(template: string): string[] {
  const names = tokenize(template).flatMap((t) => (t.placeholder ? [PLACEHOLDERS[t.placeholder]!.name] : []));
  return [...new Set(names)];
}

/**
 * Checks a template when it is set (so SetVariables/ChangeConfiguration can reject it):
 * "" is allowed (not configured); otherwise an absolute http(s) URL with known placeholders
 * only, {totp} among them, and limit placeholders only where `urlParameters` lists them.
 * Throws UrlTemplateError naming the problem.
 */
export function validateUrlTemplate(template: string, urlParameters: readonly string[]): void {
  if (template === '') return;
  if (!/^https?:\/\//i.test(template)) throw new UrlTemplateError(`URL template must start with https:// or http://, got "${template.slice(0, 40)}"`);
  const tokens = tokenize(template);
  const allowed = new Set(urlParameters.map((p) => p.trim().toLowerCase()));
  for (const t of tokens) {
    const p = t.placeholder && PLACEHOLDERS[t.placeholder];
    if (p && p.kind === 'limit' && !allowed.has(t.placeholder!)) {
      throw new UrlTemplateError(
        `URL template placeholder {${t.raw}} is not in WebPaymentsCtrlr.URLParameters (${urlParameters.length ? urlParameters.join(', ') : 'empty'})`,
        t.raw,
      );
    }
  }
  if (!tokens.some((t) => t.placeholder === 'totp')) throw new UrlTemplateError('URL template has no {totp} placeholder', 'totp');
  const sample = fill(tokens, {
    chargingStationId: 'CS1',
    evseId: 1,
    totp: 'abc123',
    version: 'v1',
    roamingCsId: 'DE*GEF*S1',
    roamingEvseId: 'DE*GEF*E1*1',
    limits: { maxEnergy: 1, maxTime: 1, maxCost: 1 },
    urlParameters,
  });
  try {
    new URL(sample);
  } catch {
    throw new UrlTemplateError(`URL template does not give a valid URL (e.g. "${sample.slice(0, 80)}")`);
  }
}

function limitText(name: string, value: number | undefined, integer: boolean): string | undefined {
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be ${integer ? 'an integer' : 'a number'} >= 0, got ${String(value)}`);
  }
  return String(value);
}

/** The text of a placeholder, or undefined when it has no value. */
function valueOf(name: string, v: PaymentUrlValues): string | undefined {
  switch (name) {
    case 'chargingstationid':
      return v.chargingStationId;
    case 'evse':
    case 'evseid':
      return v.evseId === undefined ? undefined : String(v.evseId);
    case 'roamingcsid':
      return v.roamingCsId || undefined;
    case 'roamingevseid':
      return v.roamingEvseId || undefined;
    case 'totp':
      return v.totp;
    case 'version':
      return v.version;
    case 'maxenergy':
      return limitText('maxEnergy', v.limits?.maxEnergy, true);
    case 'maxtime':
      return limitText('maxTime', v.limits?.maxTime, true);
    case 'maxcost':
      return limitText('maxCost', v.limits?.maxCost, false);
    default:
      return undefined;
  }
}

/** Whether the placeholder after `out` is the whole value of a query parameter ("?key={p}" up to "&", "#" or the end). */
function wholeQueryValue(out: string, after: Token | undefined, inQuery: boolean): boolean {
  if (!inQuery || !/[?&][^?&=#]+=$/.test(out)) return false;
  return after === undefined || (after.text !== undefined && /^[&#]/.test(after.text));
}

function fill(tokens: Token[], v: PaymentUrlValues): string {
  let out = '';
  let inQuery = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text !== undefined) {
      out += t.text;
      if (t.text.includes('#')) inQuery = false;
      else if (t.text.includes('?')) inQuery = true;
      continue;
    }
    const name = t.placeholder!;
    const p = PLACEHOLDERS[name]!;
    const value = valueOf(name, v);
    if (value === undefined || value === '') {
      if (p.kind === 'required') throw new UrlTemplateError(`URL template placeholder {${t.raw}} has no value`, t.raw);
      if (wholeQueryValue(out, tokens[i + 1], inQuery)) {
        // Drop "key=" (and its separator) so an absent optional value leaves no empty parameter.
        out = out.replace(/([?&])[^?&=#]+=$/, '$1');
        const next = tokens[i + 1];
        if (next?.text?.startsWith('&')) tokens[i + 1] = { text: next.text.slice(1) };
        continue;
      }
      if (p.kind === 'limit') continue;
      throw new UrlTemplateError(`URL template placeholder {${t.raw}} has no value`, t.raw);
    }
    out += encodeURIComponent(value);
  }
  // A query emptied by dropped parameters: no dangling "?" or "&".
  return out.replace(/[?&]+(#|$)/, '$1').replace(/\?&+/, '?');
}

/**
 * Fills the template: each placeholder (case-insensitive) becomes its URL-encoded value. An
 * absent limit, EVSE or roaming id that is the whole value of a query parameter drops that
 * parameter; an absent limit elsewhere becomes empty; an absent EVSE or roaming id elsewhere
 * is an error. Throws UrlTemplateError (see validateUrlTemplate) or RangeError for a bad limit.
 */
export function buildPaymentUrl(template: string, values: PaymentUrlValues): string {
  if (template === '') throw new UrlTemplateError('URL template is empty (WebPaymentsCtrlr.URLTemplate is not set)');
  validateUrlTemplate(template, values.urlParameters);
  return fill(tokenize(template), values);
}
