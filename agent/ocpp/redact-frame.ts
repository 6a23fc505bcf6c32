// Removes secrets from OCPP frame text before it is logged: write-only device-model values and passwords never reach a log line.

/** Variable / configuration key names whose values are secrets (case-insensitive). */
const SECRET_NAME = /secret|password|authorizationkey|privatekey/i;

/**
 * The frame with every value that belongs to a secret replaced by "[redacted]": SetVariables
 * attributeValue of a secret variable (2.x), ChangeConfiguration value of a secret key (1.6), and
 * any property whose own name says it is a secret. Text that is not JSON is returned unchanged
 * (it is logged as received, it cannot be a well-formed SetVariables).
 */
export function redactFrame(text: string): string {
  if (!SECRET_NAME.test(text)) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  return JSON.stringify(redact(parsed));
}

function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const variableName = (o.variable as { name?: unknown } | undefined)?.name;
  const secretEntry = (typeof variableName === 'string' && SECRET_NAME.test(variableName)) || (typeof o.key === 'string' && SECRET_NAME.test(o.key));
  for (const [k, val] of Object.entries(o)) {
    if ((secretEntry && (k === 'attributeValue' || k === 'value')) || (SECRET_NAME.test(k) && typeof val === 'string')) out[k] = '[redacted]';
    else out[k] = redact(val);
  }
  return out;
}
