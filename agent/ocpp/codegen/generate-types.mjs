// Generates agent/ocpp/types/{v16,v201}.ts and agent/core/types/v21.ts (the core's vocabulary) from the OCA JSON schemas in agent/ocpp/schemas.
//
// Run from the project root: node agent/ocpp/codegen/generate-types.mjs
// (then `npx eslint agent/ocpp/types` and `npx tsc -p tsconfig.json --noEmit` to check the output).
//
// All messages of one version are merged into one schema whose root is the `<Prefix>Calls` map, so
// a definition that many schemas share (CustomDataType, StatusInfoType, ...) is emitted once. If two
// schemas define the same name differently, the variant most schemas use keeps the name and each
// other one is renamed `<FirstMessageTypeUsingIt><Name>`.
// Descriptions are left out: the types carry structure only, the OCA prose stays in the schemas.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const projectRoot = join(here, '..', '..', '..');
const schemaRoot = join(here, '..', 'schemas');
const typesRoot = join(here, '..', 'types');
/** The 2.1 types are the core's domain vocabulary: they live below the core, which imports nothing from ocpp/. */
const coreTypesRoot = join(here, '..', '..', 'core', 'types');

const VERSIONS = [
  { dir: 'v16', label: 'OCPP 1.6 (with the 1.6 security extension)', prefix: 'V16' },
  { dir: 'v201', label: 'OCPP 2.0.1', prefix: 'V201' },
  { dir: 'v21', label: 'OCPP 2.1 Edition 1', prefix: 'V21' },
];

/** Keywords dropped from the merged schema: prose, Java hints and identifiers j2t would name types by. */
const DROPPED_KEYWORDS = new Set(['description', 'javaType', 'comment', '$comment', 'title', '$id', 'id', '$schema']);

/**
 * Which message a schema file holds. 1.6: `Action.json` / `ActionResponse.json`;
 * 2.x: `ActionRequest.json` / `ActionResponse.json`, and 2.1 SEND messages with no suffix.
 */
function classify(dir, file) {
  const base = file.replace(/\.json$/, '');
  if (base.endsWith('Response')) return { action: base.slice(0, -'Response'.length), kind: 'response', typeName: base };
  if (dir === 'v16') return { action: base, kind: 'request', typeName: `${base}Request` };
  if (base.endsWith('Request')) return { action: base.slice(0, -'Request'.length), kind: 'request', typeName: base };
  return { action: base, kind: 'send', typeName: base };
}

/** A copy of a schema node without DROPPED_KEYWORDS, with each local $ref renamed by `rename`. */
function clean(node, rename) {
  if (Array.isArray(node)) return node.map((n) => clean(n, rename));
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYWORDS.has(key)) continue;
    if (key === 'properties' || key === 'definitions' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clean(v, rename)]));
    } else if (key === '$ref') {
      const m = /^#\/definitions\/(.+)$/.exec(value);
      if (!m) throw new Error(`unsupported $ref ${value}`);
      out.$ref = `#/definitions/${rename(m[1])}`;
    } else if (['items', 'additionalItems', 'additionalProperties', 'not', 'anyOf', 'oneOf', 'allOf'].includes(key)) {
      out[key] = clean(value, rename);
    } else {
      out[key] = value; // a keyword's value (enum list, required list, number, ...), not a schema
    }
  }
  return out;
}

/** The signature of the variant most schemas use; on a tie, the one met first. */
function mostUsed(variants) {
  let best;
  for (const [sig, { count }] of variants) if (best === undefined || count > variants.get(best).count) best = sig;
  return best;
}

/**
 * Final definition name per file and definition, so that equal definitions share one name and
 * different ones with the same name get distinct names. Iterates because renaming a definition
 * changes the definitions that refer to it.
 */
function assignNames(messages) {
  const names = new Map(messages.map((m) => [m.file, new Map(Object.keys(m.definitions).map((d) => [d, d]))]));
  for (let round = 0; round < 50; round++) {
    const variantsByName = new Map(); // name -> Map(signature -> { first message, count })
    const signatures = new Map(); // file -> Map(def -> signature)
    for (const m of messages) {
      const own = names.get(m.file);
      const sigs = new Map();
      for (const [def, schema] of Object.entries(m.definitions)) {
        const sig = JSON.stringify(clean(schema, (ref) => own.get(ref) ?? ref));
        sigs.set(def, sig);
        if (!variantsByName.has(def)) variantsByName.set(def, new Map());
        const variants = variantsByName.get(def);
        const variant = variants.get(sig) ?? { first: m, count: 0 };
        variant.count++;
        variants.set(sig, variant);
      }
      signatures.set(m.file, sigs);
    }
    let changed = false;
    for (const m of messages) {
      for (const [def, sig] of signatures.get(m.file)) {
        const variants = variantsByName.get(def);
        const wanted = sig === mostUsed(variants) ? def : `${variants.get(sig).first.typeName}${def}`;
        if (names.get(m.file).get(def) !== wanted) {
          names.get(m.file).set(def, wanted);
          changed = true;
        }
      }
    }
    if (!changed) return names;
  }
  throw new Error('definition renaming did not settle');
}

function readMessages(dir) {
  const files = readdirSync(join(schemaRoot, dir)).filter((f) => f.endsWith('.json')).sort();
  return files.map((file) => {
    const schema = JSON.parse(readFileSync(join(schemaRoot, dir, file), 'utf8'));
    const { definitions = {}, ...body } = schema;
    return { file, ...classify(dir, file), definitions, body };
  });
}

/** The merged schema of one version: root = the Calls map, every message and definition under `definitions`. */
function mergedSchema(version, messages) {
  const names = assignNames(messages);
  const definitions = {};
  const put = (name, schema, from) => {
    const existing = definitions[name];
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(schema)) {
      throw new Error(`${version.dir}: two different schemas want the type name ${name} (${from})`);
    }
    definitions[name] = schema;
  };
  for (const m of messages) {
    const own = names.get(m.file);
    const rename = (ref) => {
      const n = own.get(ref);
      if (n === undefined) throw new Error(`${version.dir}/${m.file}: $ref to missing definition ${ref}`);
      return n;
    };
    for (const [def, schema] of Object.entries(m.definitions)) put(own.get(def), clean(schema, rename), m.file);
    put(m.typeName, clean(m.body, rename), m.file);
  }

  const calls = new Map();
  const sends = [];
  for (const m of messages) {
    if (m.kind === 'send') {
      sends.push(m);
      continue;
    }
    const entry = calls.get(m.action) ?? {};
    entry[m.kind] = m.typeName;
    calls.set(m.action, entry);
  }
  const actions = [...calls.keys()].sort();
  for (const action of actions) {
    const entry = calls.get(action);
    if (!entry.request || !entry.response) throw new Error(`${version.dir}: ${action} lacks a request or a response schema`);
  }

  const root = {
    title: `${version.prefix}Calls`,
    type: 'object',
    additionalProperties: false,
    required: actions,
    properties: Object.fromEntries(
      actions.map((action) => [
        action,
        {
          type: 'object',
          additionalProperties: false,
          required: ['request', 'response'],
          properties: {
            request: { $ref: `#/definitions/${calls.get(action).request}` },
            response: { $ref: `#/definitions/${calls.get(action).response}` },
          },
        },
      ]),
    ),
    definitions,
  };
  return { root, actions, sends, messageCount: messages.length, definitionCount: Object.keys(definitions).length };
}

function header(version) {
  const source = relative(projectRoot, join(schemaRoot, version.dir));
  return [
    `// ${version.label} message types, generated from the OCA JSON schemas: do not edit by hand.`,
    `// Source: ${source}/*.json, copied unmodified from the Open Charge Alliance (CC BY-ND 4.0, see`,
    '// agent/ocpp/schemas/NOTICE.md). Descriptions are omitted; read the schemas or the specification.',
    '// Regenerate: node agent/ocpp/codegen/generate-types.mjs',
  ].join('\n');
}

function footer(version, actions, sends) {
  const lines = [
    '',
    `/** The action name of every ${version.label} CALL message. */`,
    `export type ${version.prefix}Action = keyof ${version.prefix}Calls;`,
  ];
  if (sends.length > 0) {
    lines.push(
      '',
      `/** ${version.label} SEND messages (message type 6): a payload and no response. */`,
      `export interface ${version.prefix}Sends {`,
      ...sends.map((m) => `  ${m.action}: ${m.typeName};`),
      '}',
      '',
      `/** The action name of every ${version.label} SEND message. */`,
      `export type ${version.prefix}SendAction = keyof ${version.prefix}Sends;`,
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Tidies j2t's output: drops its "referenced by" comments, and turns the `{}` it writes for a
 * message with no fields into Record<string, never> (typescript-eslint forbids empty interfaces).
 */
function tidy(ts) {
  return ts
    .replace(/^\/\*\*\n \* This interface was referenced by `\w+`'s JSON-Schema\n \* via the `definition` "\w+"\.\n \*\/\n/gm, '')
    .replace(/^export interface (\w+) \{\}$/gm, 'export type $1 = Record<string, never>;');
}

async function generate(version) {
  const messages = readMessages(version.dir);
  const { root, actions, sends, messageCount, definitionCount } = mergedSchema(version, messages);
  const ts = await compile(root, root.title, {
    bannerComment: header(version),
    additionalProperties: true,
    ignoreMinAndMaxItems: true,
    unreachableDefinitions: true,
    strictIndexSignatures: false,
    unknownAny: true,
    format: true,
    style: { singleQuote: true, printWidth: 110, trailingComma: 'all', bracketSpacing: true, semi: true, tabWidth: 2 },
  });
  const out = join(version.dir === 'v21' ? coreTypesRoot : typesRoot, `${version.dir}.ts`);
  writeFileSync(out, tidy(ts).trimEnd() + '\n' + footer(version, actions, sends));
  process.stdout.write(
    `${relative(projectRoot, out)}: ${messageCount} schemas, ${actions.length} calls, ${sends.length} sends, ` +
      `${definitionCount} types\n`,
  );
}

for (const version of VERSIONS) await generate(version);
