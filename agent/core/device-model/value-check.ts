// Checks a text value against a variable's characteristics (type, range, length, list membership) and normalizes it.

import type { StatusReason, VariableDefinition } from './types.js';

export type CheckResult = { ok: true; value: string } | { ok: false; reason: StatusReason };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** RFC 3339 date-time, as OCPP's dateTime. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function fail(code: string, additionalInfo: string): CheckResult {
  return { ok: false, reason: { code, additionalInfo: additionalInfo.slice(0, 512) } };
}

function checkRange(def: VariableDefinition, n: number, shown: string): CheckResult | undefined {
  if (def.minLimit !== undefined && n < def.minLimit) return fail('ValueTooLow', `${shown} is below the minimum ${def.minLimit}`);
  if (def.maxLimit !== undefined && n > def.maxLimit) return fail('ValueTooHigh', `${shown} is above the maximum ${def.maxLimit}`);
  return undefined;
}

function checkLength(def: VariableDefinition, value: string): CheckResult | undefined {
  if (def.minLimit !== undefined && value.length < def.minLimit) {
    return fail('ValueOutOfRange', `the value has ${value.length} characters, at least ${def.minLimit} are required`);
  }
  if (def.maxLimit !== undefined && value.length > def.maxLimit) {
    return fail('ValueOutOfRange', `the value has ${value.length} characters, at most ${def.maxLimit} are allowed`);
  }
  return undefined;
}

/** Finds a list member case-insensitively and returns its catalog spelling. */
function member(def: VariableDefinition, item: string): string | undefined {
  const lower = item.toLowerCase();
  return (def.valuesList ?? []).find((v) => v.toLowerCase() === lower);
}

/**
 * Validates `text` for `def`. With `limits` false (values the station itself reports, part 1 §4.3)
 * min/max are not enforced, only the format. Messages never contain the value of a WriteOnly variable.
 */
export function checkValue(def: VariableDefinition, text: string, limits = true): CheckResult {
  const secret = def.mutability === 'WriteOnly';
  const shown = secret ? 'the value' : JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
  switch (def.dataType) {
    case 'integer': {
      const n = Number(text.trim());
      if (!INTEGER.test(text.trim()) || !Number.isSafeInteger(n)) return fail('InvalidValue', `${shown} is not an integer`);
      return (limits && checkRange(def, n, shown)) || { ok: true, value: String(n) };
    }
    case 'decimal': {
      const n = Number(text.trim());
      if (!DECIMAL.test(text.trim()) || !Number.isFinite(n)) return fail('InvalidValue', `${shown} is not a decimal number`);
      return (limits && checkRange(def, n, shown)) || { ok: true, value: String(n) };
    }
    case 'boolean': {
      const b = text.trim().toLowerCase();
      if (b !== 'true' && b !== 'false') return fail('InvalidValue', `${shown} is not "true" or "false"`);
      return { ok: true, value: b };
    }
    case 'dateTime': {
      if (!DATE_TIME.test(text.trim()) || Number.isNaN(Date.parse(text))) {
        return fail('InvalidValue', `${shown} is not an RFC 3339 date-time like 2025-01-31T12:00:00Z`);
      }
      return { ok: true, value: text.trim() };
    }
    case 'string': {
      const bad = limits ? checkLength(def, text) : undefined;
      if (bad) return bad;
      if (def.pattern && !new RegExp(def.pattern).test(text)) {
        return fail('InvalidValue', `${shown} has characters that are not allowed${def.patternHint ? ` (${def.patternHint})` : ''}`);
      }
      return { ok: true, value: text };
    }
    case 'OptionList': {
      const m = member(def, text.trim());
      if (m === undefined) return fail('InvalidValue', `${shown} is not one of ${(def.valuesList ?? []).join(', ')}`);
      return { ok: true, value: m };
    }
    case 'MemberList':
    case 'SequenceList': {
      const items = text.trim() === '' ? [] : text.split(',').map((s) => s.trim());
      const out: string[] = [];
      for (const item of items) {
        const m = member(def, item);
        if (m === undefined) return fail('InvalidValue', `"${item}" is not one of ${(def.valuesList ?? []).join(', ')}`);
        if (out.includes(m)) return fail('InvalidValue', `"${m}" is listed twice`);
        out.push(m);
      }
      const value = out.join(',');
      return (limits && checkLength(def, value)) || { ok: true, value };
    }
  }
}
