import type { SchemaIssue } from './finding';
import { PathSegment, formatPath } from './json-path';
import { ajvErrorsToIssues, AjvError } from './ajv-issues';
import { UNKNOWN_FIELD_MESSAGE } from './structural-schema';
import { suggestField } from '../util/suggest';
import { ownValue } from '../util/own';

/** A kubernetes-models resource class: its static apiVersion/kind and a `validate()` that throws. */
interface ModelClass {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly prototype: { validate(this: unknown): void };
}

/** API groups that `kubernetes-models` ships, by the folder it ships them in (`''` is the core group). */
const CORE_GROUP_FOLDERS: Readonly<Record<string, string>> = {
  '': 'v1',
  'admissionregistration.k8s.io': 'admissionregistration.k8s.io',
  'apiextensions.k8s.io': 'apiextensions.k8s.io',
  'apiregistration.k8s.io': 'apiregistration.k8s.io',
  apps: 'apps',
  'authentication.k8s.io': 'authentication.k8s.io',
  'authorization.k8s.io': 'authorization.k8s.io',
  autoscaling: 'autoscaling',
  batch: 'batch',
  'certificates.k8s.io': 'certificates.k8s.io',
  'coordination.k8s.io': 'coordination.k8s.io',
  'discovery.k8s.io': 'discovery.k8s.io',
  'events.k8s.io': 'events.k8s.io',
  extensions: 'extensions',
  'flowcontrol.apiserver.k8s.io': 'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io': 'networking.k8s.io',
  'node.k8s.io': 'node.k8s.io',
  policy: 'policy',
  'rbac.authorization.k8s.io': 'rbac.authorization.k8s.io',
  'scheduling.k8s.io': 'scheduling.k8s.io',
  'storage.k8s.io': 'storage.k8s.io',
};

/** Versions tried when telling the user which versions of a group serve a kind. */
const CANDIDATE_VERSIONS = ['v1', 'v2', 'v1beta1', 'v1beta2', 'v1beta3', 'v2beta1', 'v2beta2', 'v1alpha1'];

const KIND_NAME = /^[A-Z][A-Za-z0-9]*$/;
const VERSION_NAME = /^v\d+(?:(?:alpha|beta)\d+)?$/;

/** Property names a validator may read that are not fields. */
const NOT_FIELDS = new Set(['constructor', 'toJSON', 'then', 'length']);

const modelCache = new Map<string, ModelClass | null>();

/** Splits `apps/v1` into group `apps` and version `v1`; `v1` is the core group `''`. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** Whether `kubernetes-models` ships the API group at all. */
export function isCoreGroup(group: string): boolean {
  return Object.prototype.hasOwnProperty.call(CORE_GROUP_FOLDERS, group);
}

/**
 * The kubernetes-models class of a built-in kind, loaded on first use (only the kinds present in
 * the input are loaded). Undefined when kubernetes-models has no such apiVersion + kind.
 */
export function findCoreModel(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion} ${kind}`;
  let model = modelCache.get(key);
  if (model === undefined) {
    model = loadModel(apiVersion, kind) ?? null;
    modelCache.set(key, model);
  }
  return model ?? undefined;
}

/** The apiVersions of `group` in which kubernetes-models knows `kind`, e.g. `['apps/v1']`. */
export function coreVersionsOf(group: string, kind: string): string[] {
  if (!isCoreGroup(group)) return [];
  return CANDIDATE_VERSIONS.map((v) => (group === '' ? v : `${group}/${v}`)).filter((apiVersion) =>
    findCoreModel(apiVersion, kind),
  );
}

function loadModel(apiVersion: string, kind: string): ModelClass | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  if (!isCoreGroup(group) || !VERSION_NAME.test(version) || !KIND_NAME.test(kind)) return undefined;
  const folder = ownValue(CORE_GROUP_FOLDERS, group);
  const modulePath =
    group === '' ? `kubernetes-models/v1/${kind}` : `kubernetes-models/${folder}/${version}/${kind}`;
  if (group === '' && version !== 'v1') return undefined;
  let exported: Record<string, unknown>;
  try {
    // Loaded by name so that only the kinds in use are loaded; the names are checked against
    // KIND_NAME/VERSION_NAME and a fixed list of folders above.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    exported = require(modulePath) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const model = exported[kind] as ModelClass | undefined;
  // Classes of nested types (Container, PodSpec...) have no static apiVersion/kind.
  if (!model || model.apiVersion !== apiVersion || model.kind !== kind) return undefined;
  return model;
}

/**
 * Validates a built-in object with kubernetes-models (its Ajv validators, generated from the
 * Kubernetes OpenAPI spec) and reports undeclared fields as unknown.
 *
 * kubernetes-models does not reject unknown fields, and ships its schemas only as compiled code.
 * So the object is passed to the validator through a recording proxy: to validate a declared field
 * the validator must read it (it reads every declared property of every object it visits, present
 * or not, to check `required` and types), so any key of a visited object that was never read is a
 * field the schema does not declare. Objects the validator enumerates (maps such as `labels`) and
 * objects it never looks into (free-form fields such as `managedFields[].fieldsV1`) are not reported.
 */
export function validateCoreObject(
  object: Readonly<Record<string, unknown>>,
  model: ModelClass,
): SchemaIssue[] {
  const recorder = new ReadRecorder();
  let errors: AjvError[] = [];
  try {
    model.prototype.validate.call(recorder.wrap(object, []));
  } catch (error) {
    const reported = (error as { errors?: unknown }).errors;
    if (!Array.isArray(reported)) throw error;
    errors = reported as AjvError[];
  }
  const issues = ajvErrorsToIssues(errors, object);
  const failed = new Set(issues.map((issue) => formatPath(issue.path)));
  return [...issues, ...recorder.unknownFields(failed)];
}

/**
 * Validates a custom resource's `metadata` as Kubernetes ObjectMeta, by validating it inside a
 * ConfigMap (kubernetes-models ships ObjectMeta's validator only as ESM, but every kind embeds it).
 */
export function validateObjectMetaShape(metadata: unknown): SchemaIssue[] {
  const model = findCoreModel('v1', 'ConfigMap');
  if (!model) return [];
  const issues = validateCoreObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata }, model);
  return issues.filter((issue) => issue.path[0] === 'metadata');
}

interface ReadRecord {
  readonly target: Record<string, unknown>;
  readonly path: PathSegment[];
  readonly read: Set<string>;
  enumerated: boolean;
}

/** Wraps an object tree in proxies that record which keys a validator reads at each path. */
class ReadRecorder {
  private readonly records = new Map<string, ReadRecord>();

  wrap(value: unknown, path: PathSegment[]): unknown {
    if (value === null || typeof value !== 'object') return value;
    const target = value as Record<string, unknown>;
    const key = JSON.stringify(path);
    let record = this.records.get(key);
    if (!record) {
      record = { target, path, read: new Set(), enumerated: false };
      this.records.set(key, record);
    }
    const rec = record;
    const isArray = Array.isArray(value);
    return new Proxy(target, {
      get: (t, property, receiver) => {
        const result: unknown = Reflect.get(t, property, receiver);
        if (typeof property !== 'string') return result;
        rec.read.add(property);
        if (!Object.prototype.hasOwnProperty.call(t, property)) return result;
        const segment: PathSegment = isArray && /^\d+$/.test(property) ? Number(property) : property;
        return this.wrap(result, [...path, segment]);
      },
      has: (t, property) => {
        if (typeof property === 'string') rec.read.add(property);
        return Reflect.has(t, property);
      },
      getOwnPropertyDescriptor: (t, property) => {
        if (typeof property === 'string') rec.read.add(property);
        return Reflect.getOwnPropertyDescriptor(t, property);
      },
      ownKeys: (t) => {
        rec.enumerated = true;
        return Reflect.ownKeys(t);
      },
    });
  }

  /** Issues for keys of visited, non-enumerated objects that were never read, except under failed paths. */
  unknownFields(failedPaths: ReadonlySet<string>): SchemaIssue[] {
    const issues: SchemaIssue[] = [];
    for (const record of this.records.values()) {
      if (Array.isArray(record.target) || record.enumerated || record.read.size === 0) continue;
      if (failedPaths.has(formatPath(record.path))) continue;
      // The validator reads declared names only, so the read names are the declared fields.
      const known = [...record.read].filter((name) => !NOT_FIELDS.has(name));
      for (const name of Object.keys(record.target)) {
        if (record.read.has(name) || record.target[name] === undefined) continue;
        // kubernetes-models' generated validators leave out every property named `description`
        // (none of node_modules/kubernetes-models/_schemas/*.js mentions it, although PriorityClass,
        // CustomResourceColumnDefinition and ExternalDocumentation declare one), so it is never read.
        if (name === 'description' && typeof record.target[name] === 'string') continue;
        issues.push({
          path: [...record.path, name],
          code: 'unknown-field',
          message: `unknown field '${name}' (${UNKNOWN_FIELD_MESSAGE})${suggestField(name, known)}`,
        });
      }
    }
    return issues;
  }
}
