// Validates OCPP payloads against the official OCA JSON schemas (loaded at run time) and maps failures to RPC codes.
//
// Schema dialects, chosen per file by its $schema: OCPP 1.6 schemas are JSON Schema draft-04 (OCPP-J 1.6 errata 3.6),
// validated with ajv-draft-04, except the 1.6 security extension messages, which are draft-06 like all OCPP 2.0.1 and
// 2.1 schemas, validated with ajv 8 plus the draft-06 meta-schema. Formats (date-time,
// uri) are checked with ajv-formats. Schemas are compiled lazily, one per action and direction, and cached.
//
// Mapping of a schema failure to an RPC framework error code (part 4 section 4.3; 1.6 spellings via wireErrorCode):
//   type (below the root), format (date-time, uri: OCPP data types)         -> TypeConstraintViolation
//     ("at least one of the fields violates data type constraints (e.g. "somestring": 12)")
//   required, minItems, maxItems, additionalItems, minProperties, maxProperties, dependencies
//                                                                           -> OccurrenceConstraintViolation
//     ("at least one of the fields violates occurrence constraints": cardinality 1..1, 1..*, 0..n)
//   enum, const, maxLength, minLength, maximum, minimum, exclusiveMaximum, exclusiveMinimum, multipleOf, pattern,
//   uniqueItems                                                             -> PropertyConstraintViolation
//     ("at least one field contains an invalid value")
//   additionalProperties (a field the message does not define)             -> ProtocolError in 2.x
//     ("Payload for Action is not conform the PDU structure"); in 1.6 FormationViolation ("... or not conform the
//     PDU structure for Action"; 1.6 ProtocolError means "incomplete")
//   payload not a JSON object (type at the root), and anything else (anyOf, oneOf, not, $ref, ...)
//                                                                           -> FormatViolation (1.6 FormationViolation)
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Ajv, type AnySchemaObject, type ErrorObject, type ValidateFunction } from 'ajv';
import AjvDraft04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { packageRoot } from '../../hal/package-root.js';
import { clampDescription, type OcppProtocol, type RpcErrorCode } from './rpc-errors.js';

/** The result of validating one payload. */
export type ValidationResult =
  | { ok: true }
  | {
      ok: false;
      /** RPC framework code (2.x spelling; translate with wireErrorCode for 1.6). */
      errorCode: RpcErrorCode;
      /** Human-readable, at most 255 characters, names the field and the rule. */
      description: string;
      /** JSON pointer of the offending value inside the payload ('' for the payload itself). */
      instancePath: string;
      /** The JSON Schema keyword that failed (e.g. 'required', 'type'). */
      keyword: string;
    };

/** Which message of an action a schema describes. SEND exists in OCPP 2.1 only. */
export type SchemaKind = 'request' | 'response' | 'send';

const SCHEMA_DIRS: Record<OcppProtocol, string> = { 'ocpp1.6': 'v16', 'ocpp2.0.1': 'v201', 'ocpp2.1': 'v21' };

/** Action names are PascalCase identifiers; anything else never reaches the file system. */
const ACTION_NAME = /^[A-Za-z][A-Za-z0-9]*$/;

const KEYWORD_CODES: Record<string, RpcErrorCode> = {
  type: 'TypeConstraintViolation',
  format: 'TypeConstraintViolation',
  required: 'OccurrenceConstraintViolation',
  minItems: 'OccurrenceConstraintViolation',
  maxItems: 'OccurrenceConstraintViolation',
  additionalItems: 'OccurrenceConstraintViolation',
  minProperties: 'OccurrenceConstraintViolation',
  maxProperties: 'OccurrenceConstraintViolation',
  dependencies: 'OccurrenceConstraintViolation',
  enum: 'PropertyConstraintViolation',
  const: 'PropertyConstraintViolation',
  maxLength: 'PropertyConstraintViolation',
  minLength: 'PropertyConstraintViolation',
  maximum: 'PropertyConstraintViolation',
  minimum: 'PropertyConstraintViolation',
  exclusiveMaximum: 'PropertyConstraintViolation',
  exclusiveMinimum: 'PropertyConstraintViolation',
  multipleOf: 'PropertyConstraintViolation',
  pattern: 'PropertyConstraintViolation',
  uniqueItems: 'PropertyConstraintViolation',
  additionalProperties: 'ProtocolError',
};

/** The RPC error code for one ajv error, per the mapping in this file's header. */
export function errorCodeForSchemaError(error: ErrorObject, protocol: OcppProtocol): RpcErrorCode {
  if (error.keyword === 'type' && error.instancePath === '') return 'FormatViolation';
  if (error.keyword === 'additionalProperties' && protocol === 'ocpp1.6') return 'FormatViolation';
  return KEYWORD_CODES[error.keyword] ?? 'FormatViolation';
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'payload' : `payload${error.instancePath}`;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `${where}: required property '${String(params.missingProperty)}' is missing`;
    case 'additionalProperties':
      return `${where}: property '${String(params.additionalProperty)}' is not defined for this message`;
    case 'enum':
      return `${where}: value is not one of ${JSON.stringify(params.allowedValues)}`;
    default:
      return `${where} ${error.message ?? `fails '${error.keyword}'`}`;
  }
}

type Dialect = 'draft-04' | 'draft-06';

/** The JSON Schema dialect a schema declares in $schema (the 1.6 security extension schemas are draft-06). */
function dialectOf(schema: AnySchemaObject, file: string): Dialect {
  const declared = String(schema.$schema ?? '');
  if (declared.includes('draft-04')) return 'draft-04';
  if (declared.includes('draft-06')) return 'draft-06';
  throw new Error(`${file}: unsupported $schema '${declared}' (expected draft-04 or draft-06)`);
}

function makeAjv(dialect: Dialect): Ajv {
  // allErrors off: validation stops at the first failure, which then names the error code deterministically.
  const options = { strict: false, allErrors: false, validateFormats: true } as const;
  let ajv: Ajv;
  if (dialect === 'draft-04') {
    ajv = new AjvDraft04Module.default(options) as unknown as Ajv;
  } else {
    ajv = new Ajv(options);
    const require = createRequire(import.meta.url);
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json') as AnySchemaObject);
  }
  addFormatsModule.default(ajv);
  return ajv;
}

/** Validates payloads of one OCPP version; get the shared instance with SchemaValidator.for(protocol). */
export class SchemaValidator {
  private static readonly instances = new Map<OcppProtocol, SchemaValidator>();

  /** The shared validator of `protocol` (schemas compiled on first use and cached for the process). */
  static for(protocol: OcppProtocol): SchemaValidator {
    let v = SchemaValidator.instances.get(protocol);
    if (!v) SchemaValidator.instances.set(protocol, (v = new SchemaValidator(protocol)));
    return v;
  }

  readonly protocol: OcppProtocol;
  /** Directory holding this version's schema files. */
  readonly schemaDir: string;
  private readonly ajv = new Map<Dialect, Ajv>();
  private readonly files: ReadonlySet<string>;
  private readonly compiled = new Map<string, ValidateFunction>();

  /** @param schemaRoot directory containing v16/, v201/, v21/; defaults to <package root>/agent/ocpp/schemas. */
  constructor(protocol: OcppProtocol, schemaRoot = join(packageRoot(), 'agent', 'ocpp', 'schemas')) {
    this.protocol = protocol;
    this.schemaDir = join(schemaRoot, SCHEMA_DIRS[protocol]);
    this.files = new Set(readdirSync(this.schemaDir).filter((f) => f.endsWith('.json')));
  }

  /** The schema file name for `action`'s `kind`, following the OCA naming of each version. */
  fileName(action: string, kind: SchemaKind): string {
    if (kind === 'response') return `${action}Response.json`;
    if (kind === 'send' || this.protocol === 'ocpp1.6') return `${action}.json`;
    return `${action}Request.json`;
  }

  /** True when this version has a schema for `action`'s `kind` (a CALL action when kind is 'request'). */
  has(action: string, kind: SchemaKind): boolean {
    if (!ACTION_NAME.test(action)) return false;
    if (kind === 'send') {
      // 2.1 SEND messages have no suffix; in 1.6 <Action>.json is a request, and 2.0.1 has no SEND.
      return this.protocol === 'ocpp2.1' && !action.endsWith('Request') && !action.endsWith('Response') &&
        this.files.has(`${action}.json`);
    }
    if (action.endsWith('Response')) return false;
    return this.files.has(this.fileName(action, kind));
  }

  /** Every CALL action of this version (actions with a request schema), sorted. */
  callActions(): string[] {
    const out: string[] = [];
    for (const f of this.files) {
      const base = f.slice(0, -'.json'.length);
      if (base.endsWith('Response')) continue;
      if (this.protocol === 'ocpp1.6') out.push(base);
      else if (base.endsWith('Request')) out.push(base.slice(0, -'Request'.length));
    }
    return out.sort();
  }

  /** Every SEND action of this version (2.1 only), sorted. */
  sendActions(): string[] {
    if (this.protocol !== 'ocpp2.1') return [];
    return [...this.files]
      .map((f) => f.slice(0, -'.json'.length))
      .filter((b) => !b.endsWith('Request') && !b.endsWith('Response'))
      .sort();
  }

  /** Validates a CALL payload of `action`. Throws only if `action` has no request schema (check has()). */
  validateRequest(action: string, payload: unknown): ValidationResult {
    return this.validate(action, 'request', payload);
  }

  /** Validates a CALLRESULT payload answering `action`. */
  validateResponse(action: string, payload: unknown): ValidationResult {
    return this.validate(action, 'response', payload);
  }

  /** Validates a SEND payload (2.1). */
  validateSend(action: string, payload: unknown): ValidationResult {
    return this.validate(action, 'send', payload);
  }

  /** Validates `payload` against the schema of `action`'s `kind`. */
  validate(action: string, kind: SchemaKind, payload: unknown): ValidationResult {
    const fn = this.compile(action, kind);
    if (fn(payload)) return { ok: true };
    const error = fn.errors?.[0];
    if (!error) return { ok: false, errorCode: 'FormatViolation', description: 'payload fails its schema', instancePath: '', keyword: '' };
    return {
      ok: false,
      errorCode: errorCodeForSchemaError(error, this.protocol),
      description: clampDescription(`${this.fileName(action, kind).slice(0, -'.json'.length)}: ${describe(error)}`),
      instancePath: error.instancePath,
      keyword: error.keyword,
    };
  }

  /** Compiles every schema file of this version; returns the files that failed with their error (empty = all OK). */
  compileAll(): { file: string; error: string }[] {
    const failures: { file: string; error: string }[] = [];
    for (const file of [...this.files].sort()) {
      try {
        this.compileFile(file);
      } catch (e) {
        failures.push({ file, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return failures;
  }

  private compile(action: string, kind: SchemaKind): ValidateFunction {
    if (!this.has(action, kind)) {
      throw new Error(`${this.protocol} has no ${kind} schema for action '${action}'`);
    }
    return this.compileFile(this.fileName(action, kind));
  }

  private compileFile(file: string): ValidateFunction {
    let fn = this.compiled.get(file);
    if (fn) return fn;
    const schema = JSON.parse(readFileSync(join(this.schemaDir, file), 'utf8')) as AnySchemaObject;
    // Schemas carry $id/id URNs; drop them so compiling never collides in ajv's registry (refs are all local '#/...').
    delete schema.$id;
    delete schema.id;
    const dialect = dialectOf(schema, file);
    let ajv = this.ajv.get(dialect);
    if (!ajv) this.ajv.set(dialect, (ajv = makeAjv(dialect)));
    fn = ajv.compile(schema);
    this.compiled.set(file, fn);
    return fn;
  }
}

/** Startup self-check: compiles every schema of every version; throws naming each file that fails. */
export function checkAllSchemas(protocols: readonly OcppProtocol[] = ['ocpp1.6', 'ocpp2.0.1', 'ocpp2.1']): void {
  const problems: string[] = [];
  for (const p of protocols) {
    for (const f of SchemaValidator.for(p).compileAll()) problems.push(`${p} ${f.file}: ${f.error}`);
  }
  if (problems.length > 0) throw new Error(`OCPP schemas failed to compile:\n${problems.join('\n')}`);
}
