#!/usr/bin/env node
// Generates imports/crd-schemas/: one TypeScript module per served version of each CRD kind that
// `canary-kit validate` checks (Istio, Flagger, prometheus-operator, Argo Rollouts), a types module
// and an index registry keyed by apiVersion + kind. Reads the upstream CRD YAML in ../shared/crds
// (see its SOURCES.md) and verifies each file against the hash that SOURCES.md records.
//
// Run by `npm run gen:crds` (called by `npm run gen`); the output is committed. Library code and
// tests never read ../shared. The script is deterministic: running it twice writes the same bytes,
// and it removes any module in imports/crd-schemas/ that it no longer generates.
'use strict';
const { createHash } = require('node:crypto');
const { existsSync, mkdirSync, readFileSync, readdirSync, unlinkSync, writeFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const YAML = require('yaml');
const { loadTsModule } = require('./load-ts-module');

const root = join(__dirname, '..');
const { indentQuotedContinuations } = loadTsModule(root, 'lib/manifests/quoted-continuations.ts');
const crdRoot = join(root, '..', 'shared', 'crds');
const outDir = join(root, 'imports', 'crd-schemas');
/** Whole CRD objects (JSON), installed into the e2e control plane by `npm run cluster -- up`. */
const crdOutDir = join(root, 'imports', 'crds');

/** The CRD files to read, with the prefix of the modules generated from them. Every served version is emitted. */
const INPUTS = [
  { file: 'istio/networking.istio.io_virtualservices.yaml', project: 'istio' },
  { file: 'istio/networking.istio.io_destinationrules.yaml', project: 'istio' },
  { file: 'istio/networking.istio.io_gateways.yaml', project: 'istio' },
  { file: 'istio/security.istio.io_peerauthentications.yaml', project: 'istio' },
  { file: 'flagger/crd.yaml', project: 'flagger' },
  { file: 'prometheus-operator/monitoring.coreos.com_prometheusrules.yaml', project: 'prometheus-operator' },
  { file: 'prometheus-operator/monitoring.coreos.com_servicemonitors.yaml', project: 'prometheus-operator' },
  { file: 'argo-rollouts/rollout-crd.yaml', project: 'argo-rollouts' },
  { file: 'argo-rollouts/analysis-template-crd.yaml', project: 'argo-rollouts' },
];

/** Schema keywords the validator (lib/validate/structural-schema.ts) understands or deliberately ignores. */
const KNOWN_KEYWORDS = new Set([
  'type',
  'format',
  'properties',
  'additionalProperties',
  'items',
  'required',
  'enum',
  'pattern',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'nullable',
  'default',
  'allOf',
  'anyOf',
  'oneOf',
  'not',
  'x-kubernetes-int-or-string',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);

function fail(message) {
  console.error(`gen-crd-schemas: ${message}`);
  process.exit(1);
}

/** Reads the sources table of SOURCES.md: file -> { repository, upstreamPath, tag, commit, license, hash }. */
function readSources() {
  const text = readFileSync(join(crdRoot, 'SOURCES.md'), 'utf8');
  const sources = new Map();
  const lastCommitByRepo = new Map();
  for (const line of text.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim());
    if (cells.length !== 6) fail(`SOURCES.md: expected 6 columns in row: ${line}`);
    const [fileCell, repository, pathCell, tagCell, license, hashCell] = cells;
    const file = /^`([^`]+)`/.exec(fileCell)[1];
    const upstreamPath = /`([^`]+)`/.exec(pathCell)?.[1] ?? pathCell;
    const tagMatch = /^`([^`]+)`\s*\((?:`([0-9a-f]{40})`|same commit)/.exec(tagCell);
    if (!tagMatch) fail(`SOURCES.md: cannot read the tag of ${file}: ${tagCell}`);
    const commit = tagMatch[2] ?? lastCommitByRepo.get(repository);
    if (!commit) fail(`SOURCES.md: no commit for ${file}`);
    lastCommitByRepo.set(repository, commit);
    const hashMatch = /(blob|sha256) `([0-9a-f]+)`/.exec(hashCell);
    if (!hashMatch) fail(`SOURCES.md: cannot read the hash of ${file}: ${hashCell}`);
    sources.set(file, {
      repository,
      upstreamPath,
      tag: tagMatch[1],
      commit,
      license,
      hash: { kind: hashMatch[1], value: hashMatch[2] },
    });
  }
  return sources;
}

/** Checks the file's bytes against SOURCES.md: a git blob id, or the sha256 of `"---\n" + file` for Istio cuts. */
function verifyHash(file, bytes, hash) {
  let actual;
  if (hash.kind === 'blob') {
    actual = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
  } else {
    actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== hash.value) {
      actual = createHash('sha256')
        .update(Buffer.concat([Buffer.from('---\n'), bytes]))
        .digest('hex');
    }
  }
  if (actual !== hash.value) fail(`${file}: ${hash.kind} is ${actual}, SOURCES.md says ${hash.value}`);
}

/**
 * Parses a CRD file the way `canary-kit validate` reads it: some upstream CRDs (Flagger's) indent
 * the continuation lines of a multi-line quoted scalar no deeper than its key, which go-yaml
 * (kubectl) accepts and the `yaml` package does not; the library's `indentQuotedContinuations`
 * (lib/manifests/quoted-continuations.ts) re-indents exactly those lines, which changes no value.
 */
function parseCrdYaml(text, file) {
  const docs = YAML.parseAllDocuments(indentQuotedContinuations(text) ?? text);
  const errors = docs.flatMap((doc) => doc.errors);
  if (errors.length > 0) fail(`${file}: YAML error: ${errors[0].message}`);
  return { docs };
}

/**
 * Copies a schema node without its `description`s (they are documentation, often most of the bytes)
 * and checks that it uses only keywords the validator knows, so a CRD update cannot slip past it.
 */
function stripSchema(node, where) {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    fail(`${where}: expected a schema object, found ${JSON.stringify(node)}`);
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description') continue;
    if (!KNOWN_KEYWORDS.has(key)) fail(`${where}: unsupported schema keyword '${key}'`);
    if (key === 'properties') {
      out.properties = {};
      for (const [name, child] of Object.entries(value))
        out.properties[name] = stripSchema(child, `${where}.${name}`);
    } else if (key === 'items' || key === 'not') out[key] = stripSchema(value, `${where}.${key}`);
    else if (key === 'additionalProperties') {
      out[key] = typeof value === 'boolean' ? value : stripSchema(value, `${where}.*`);
    } else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf') {
      out[key] = value.map((child, i) => stripSchema(child, `${where}.${key}[${i}]`));
    } else out[key] = value;
  }
  return out;
}

function moduleName(project, kind, version) {
  return `${project}-${kind.toLowerCase()}-${version}`;
}

function exportName(kind, version) {
  return `${kind[0].toLowerCase()}${kind.slice(1)}${version[0].toUpperCase()}${version.slice(1)}Schema`;
}

function header(lines) {
  return lines.map((line) => `// ${line}`.trimEnd()).join('\n');
}

function sourceLines(input, source, crdName, version) {
  const hash = source.hash.kind === 'blob' ? `git blob ${source.hash.value}` : `sha256 ${source.hash.value}`;
  return [
    `Generated by npm run gen (scripts/gen-crd-schemas.js); do not edit.`,
    `Source: ../shared/crds/${input.file} (${hash}), CRD ${crdName}, version ${version}.`,
    `Upstream: ${source.repository}, ${source.upstreamPath} at tag ${source.tag} (commit ${source.commit}).`,
    `License: ${source.license} (upstream LICENSE at the same tag). Field descriptions were removed; read them upstream.`,
  ];
}

function main() {
  if (!existsSync(crdRoot))
    fail(`no CRDs at ${crdRoot} (this script needs the shared/ folder beside the repo)`);
  const sources = readSources();
  const entries = [];
  const written = new Map();
  const wholeCrds = new Map();
  for (const input of INPUTS) {
    const source = sources.get(input.file);
    if (!source) fail(`SOURCES.md has no row for ${input.file}`);
    const bytes = readFileSync(join(crdRoot, input.file));
    verifyHash(input.file, bytes, source.hash);
    const { docs } = parseCrdYaml(bytes.toString('utf8'), input.file);
    for (const doc of docs) {
      const crd = doc.toJS();
      if (!crd) continue;
      if (crd.kind !== 'CustomResourceDefinition') fail(`${input.file}: not a CRD: ${crd.kind}`);
      const { group, names, scope, versions } = crd.spec;
      wholeCrds.set(`${crd.metadata.name}.json`, `${JSON.stringify(crd, null, 2)}\n`);
      const schemasByVersion = new Map();
      for (const version of versions) {
        if (!version.served) continue;
        const where = `${input.file} ${names.kind} ${version.name}`;
        const raw = version.schema && version.schema.openAPIV3Schema;
        if (!raw) fail(`${where}: no openAPIV3Schema`);
        const json = JSON.stringify(stripSchema(raw, `${where} openAPIV3Schema`));
        const name = moduleName(input.project, names.kind, version.name);
        const constName = exportName(names.kind, version.name);
        const lines = sourceLines(input, source, crd.metadata.name, version.name);
        const sameAs = [...schemasByVersion].find(([, other]) => other.json === json);
        let body;
        if (sameAs) {
          const [otherVersion, other] = sameAs;
          lines.push(`The schema is identical to ${otherVersion}'s, so this module re-exports it.`);
          body = [
            `import { ${other.constName} } from './${other.name}';`,
            `import type { StructuralSchema } from './types';`,
            '',
            `/** openAPIV3Schema of ${group}/${version.name} ${names.kind} (${source.tag}); identical to ${otherVersion}. */`,
            `export const ${constName}: StructuralSchema = ${other.constName};`,
          ];
        } else {
          schemasByVersion.set(version.name, { json, name, constName });
          body = [
            `import type { StructuralSchema } from './types';`,
            '',
            `/** openAPIV3Schema of ${group}/${version.name} ${names.kind} (${source.tag}). */`,
            `export const ${constName}: StructuralSchema = JSON.parse(${JSON.stringify(json)});`,
          ];
        }
        written.set(`${name}.ts`, `${header(lines)}\n\n${body.join('\n')}\n`);
        entries.push({
          name,
          constName,
          apiVersion: `${group}/${version.name}`,
          kind: names.kind,
          plural: names.plural,
          scope,
          storage: Boolean(version.storage),
          deprecated: Boolean(version.deprecated),
          project: input.project,
          source: {
            file: input.file,
            repository: source.repository,
            upstreamPath: source.upstreamPath,
            tag: source.tag,
            commit: source.commit,
            license: source.license,
          },
        });
      }
    }
  }
  written.set('types.ts', typesModule());
  written.set('index.ts', indexModule(entries));
  mkdirSync(outDir, { recursive: true });
  for (const existing of readdirSync(outDir)) {
    if (!written.has(existing)) unlinkSync(join(outDir, existing));
  }
  for (const [file, text] of [...written].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    writeFileSync(join(outDir, file), text);
  }
  mkdirSync(crdOutDir, { recursive: true });
  for (const existing of readdirSync(crdOutDir)) {
    if (!wholeCrds.has(existing)) unlinkSync(join(crdOutDir, existing));
  }
  for (const [file, text] of wholeCrds) writeFileSync(join(crdOutDir, file), text);
  console.log(`wrote ${wholeCrds.size} CustomResourceDefinitions to ${relative(root, crdOutDir)}/`);
  console.log(
    `wrote ${written.size} modules (${entries.length} kind/version schemas) to ${relative(root, outDir)}/`,
  );
}

function indexModule(entries) {
  const sorted = [...entries].sort((a, b) => {
    const ka = `${a.apiVersion} ${a.kind}`;
    const kb = `${b.apiVersion} ${b.kind}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const imports = sorted.map((e) => `import { ${e.constName} } from './${e.name}';`);
  const rows = sorted.map((e) =>
    [
      '  {',
      `    apiVersion: ${JSON.stringify(e.apiVersion)},`,
      `    kind: ${JSON.stringify(e.kind)},`,
      `    plural: ${JSON.stringify(e.plural)},`,
      `    scope: ${JSON.stringify(e.scope)},`,
      `    storage: ${e.storage},`,
      `    deprecated: ${e.deprecated},`,
      `    project: ${JSON.stringify(e.project)},`,
      `    source: ${JSON.stringify(e.source)},`,
      `    schema: ${e.constName},`,
      '  },',
    ].join('\n'),
  );
  return [
    header([
      'Generated by npm run gen (scripts/gen-crd-schemas.js); do not edit.',
      'Registry of the CRD schemas in this folder, keyed by apiVersion + kind. Sources: ../shared/crds/SOURCES.md;',
      'every upstream project is Apache-2.0 licensed (see each module header for repository, tag and commit).',
    ]),
    '',
    ...imports,
    `import type { CrdSchemaEntry } from './types';`,
    '',
    `export type { CrdSchemaEntry, CrdSource, StructuralSchema, CelRule } from './types';`,
    '',
    '/** Every CRD kind/version canary-kit has a schema for, sorted by apiVersion and kind. */',
    'export const CRD_SCHEMAS: readonly CrdSchemaEntry[] = [',
    ...rows,
    '];',
    '',
    '/** The registry key of an apiVersion + kind, e.g. `networking.istio.io/v1 VirtualService`. */',
    'export function crdSchemaKey(apiVersion: string, kind: string): string {',
    '  return `${apiVersion} ${kind}`;',
    '}',
    '',
    '/** The registry keyed by `crdSchemaKey(apiVersion, kind)`. */',
    'export const CRD_SCHEMAS_BY_KEY: ReadonlyMap<string, CrdSchemaEntry> = new Map(',
    '  CRD_SCHEMAS.map((entry) => [crdSchemaKey(entry.apiVersion, entry.kind), entry]),',
    ');',
    '',
  ].join('\n');
}

function typesModule() {
  return `${header(['Generated by npm run gen (scripts/gen-crd-schemas.js); do not edit.', 'Types of the generated CRD schema modules in this folder.'])}

/** The schema types a structural schema may declare. */
export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

/** One CEL rule of \`x-kubernetes-validations\` (kept for reference; canary-kit does not evaluate CEL). */
export interface CelRule {
  /** The CEL expression. */
  readonly rule: string;
  /** The message the API server reports when the rule fails. */
  readonly message?: string;
  /** A CEL expression producing the message. */
  readonly messageExpression?: string;
  /** The reason reported with the failure. */
  readonly reason?: string;
  /** The path the failure is reported at. */
  readonly fieldPath?: string;
  /** Whether the rule also runs when there is no old object. */
  readonly optionalOldSelf?: boolean;
}

/** A Kubernetes structural OpenAPI v3 schema node: the subset of OpenAPI that CRDs may use. */
export interface StructuralSchema {
  /** The JSON type; absent only with int-or-string or preserve-unknown-fields. */
  readonly type?: SchemaType;
  /** A format; the API server checks only some (e.g. \`date-time\`, \`byte\`). */
  readonly format?: string;
  /** Declared fields of an object. */
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  /** The schema of a map's values (or \`true\`/\`false\`). */
  readonly additionalProperties?: StructuralSchema | boolean;
  /** The schema of an array's items. */
  readonly items?: StructuralSchema;
  /** Fields that must be present. */
  readonly required?: readonly string[];
  /** Allowed values. */
  readonly enum?: readonly unknown[];
  /** A regular expression (RE2 syntax, as the API server uses Go's regexp). */
  readonly pattern?: string;
  /** Lower bound of a number. */
  readonly minimum?: number;
  /** Upper bound of a number. */
  readonly maximum?: number;
  /** Whether \`minimum\` itself is excluded. */
  readonly exclusiveMinimum?: boolean;
  /** Whether \`maximum\` itself is excluded. */
  readonly exclusiveMaximum?: boolean;
  /** The number must be a multiple of this. */
  readonly multipleOf?: number;
  /** Minimum string length, in characters. */
  readonly minLength?: number;
  /** Maximum string length, in characters. */
  readonly maxLength?: number;
  /** Minimum number of array items. */
  readonly minItems?: number;
  /** Maximum number of array items. */
  readonly maxItems?: number;
  /** Whether array items must be unique. */
  readonly uniqueItems?: boolean;
  /** Minimum number of object fields. */
  readonly minProperties?: number;
  /** Maximum number of object fields. */
  readonly maxProperties?: number;
  /** Whether \`null\` is a valid value (otherwise the API server drops the field). */
  readonly nullable?: boolean;
  /** The value the API server fills in when the field is absent. */
  readonly default?: unknown;
  /** Value validations that must all pass. */
  readonly allOf?: readonly StructuralSchema[];
  /** Value validations of which at least one must pass. */
  readonly anyOf?: readonly StructuralSchema[];
  /** Value validations of which exactly one must pass. */
  readonly oneOf?: readonly StructuralSchema[];
  /** A value validation that must fail. */
  readonly not?: StructuralSchema;
  /** The value may be an integer or a string. */
  readonly 'x-kubernetes-int-or-string'?: boolean;
  /** Fields not declared in \`properties\` are kept instead of pruned. */
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  /** The value is a Kubernetes object (apiVersion, kind, metadata). */
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  /** How an array merges: \`atomic\`, \`set\` (unique items) or \`map\` (unique by \`x-kubernetes-list-map-keys\`). */
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  /** The fields that identify an item of a \`map\` list. */
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  /** How an object merges: \`granular\` or \`atomic\`. */
  readonly 'x-kubernetes-map-type'?: 'granular' | 'atomic';
  /** CEL rules (not evaluated by canary-kit). */
  readonly 'x-kubernetes-validations'?: readonly CelRule[];
}

/** Where a generated schema came from (see ../shared/crds/SOURCES.md). */
export interface CrdSource {
  /** Path under shared/crds. */
  readonly file: string;
  /** Upstream repository, e.g. \`github.com/istio/istio\`. */
  readonly repository: string;
  /** Path of the file in the upstream repository. */
  readonly upstreamPath: string;
  /** Upstream release tag. */
  readonly tag: string;
  /** Upstream commit of the tag. */
  readonly commit: string;
  /** Upstream license. */
  readonly license: string;
}

/** One CRD kind and version with its schema. */
export interface CrdSchemaEntry {
  /** \`group/version\`, e.g. \`networking.istio.io/v1\`. */
  readonly apiVersion: string;
  /** The kind, e.g. \`VirtualService\`. */
  readonly kind: string;
  /** The resource's plural name, e.g. \`virtualservices\`. */
  readonly plural: string;
  /** \`Namespaced\` or \`Cluster\`. */
  readonly scope: string;
  /** Whether this is the version the API server stores. */
  readonly storage: boolean;
  /** Whether the CRD marks this version deprecated. */
  readonly deprecated: boolean;
  /** The project folder under shared/crds, e.g. \`istio\`. */
  readonly project: string;
  /** Provenance of the schema. */
  readonly source: CrdSource;
  /** The version's openAPIV3Schema, descriptions removed. */
  readonly schema: StructuralSchema;
}
`;
}

main();
