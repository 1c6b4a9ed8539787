import { CRD_SCHEMAS, CRD_SCHEMAS_BY_KEY, crdSchemaKey } from '../../imports/crd-schemas';
import { describeObject, KubeManifest } from '../core/manifest';
import { locateField, manifestOrigin } from '../manifests/source-locations';
import {
  coreVersionsOf,
  findCoreModel,
  isCoreGroup,
  splitApiVersion,
  validateCoreObject,
  validateObjectMetaShape,
} from './core-kinds';
import { isCrdDefinition, splitCrdSchemas } from './crd-definition';
import { promqlIssues } from './promql-queries';
import { describeValue, listWords } from './describe-value';
import type { ManifestFinding, SchemaIssue } from './finding';
import { istioAdmissionIssues } from './istio-admission';
import { formatPath } from './json-path';
import { validateMetadata } from './object-meta';
import { removedApiMessage } from './removed-apis';
import { validateCustomResource } from './structural-schema';
import { sortByDocumentOrder } from './document-order';
import { appendAll } from '../util/append';

/**
 * Validates Kubernetes objects against the schemas the API server would apply, and returns every
 * finding, in input order and then document order. Built-in kinds are checked with kubernetes-models;
 * Istio, Flagger, prometheus-operator and Argo Rollouts kinds against the openAPIV3Schema of their
 * upstream CRDs (imports/crd-schemas). Undeclared fields are errors (the API server would drop
 * them), as are wrong types, missing required fields, invalid values, invalid names and removed or
 * unserved apiVersions; kinds without a schema get a warning. Objects loaded with the manifest
 * loader get `file` and `line` set.
 */
export function validateManifests(manifests: readonly KubeManifest[]): ManifestFinding[] {
  return manifests.flatMap((manifest) => validateManifest(manifest));
}

/** Validates one object; see `validateManifests`. */
export function validateManifest(manifest: KubeManifest): ManifestFinding[] {
  const object = describeManifest(manifest);
  const origin = typeof manifest === 'object' && manifest !== null ? manifestOrigin(manifest) : undefined;
  const seen = new Set<string>();
  const findings: ManifestFinding[] = [];
  for (const issue of issuesOf(manifest)) {
    const path = formatPath(issue.path);
    const key = `${path}\n${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const location = origin ? locateField(manifest, issue.path) : undefined;
    findings.push({
      object,
      path,
      message: issue.message,
      severity: issue.severity ?? 'error',
      code: issue.code,
      ...(location ? { file: location.file, line: location.line } : {}),
    });
  }
  return findings;
}

function issuesOf(manifest: unknown): SchemaIssue[] {
  if (manifest === null || typeof manifest !== 'object' || Array.isArray(manifest)) {
    return [
      {
        path: [],
        code: 'invalid-object',
        message: `expected a Kubernetes object (a mapping), got ${describeValue(manifest)}`,
      },
    ];
  }
  const object = manifest as Record<string, unknown>;
  const { apiVersion, kind } = object;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') {
    const missing = [
      typeof apiVersion === 'string' && apiVersion ? '' : 'apiVersion',
      typeof kind === 'string' && kind ? '' : 'kind',
    ];
    return [
      {
        path: [],
        code: 'invalid-object',
        message: `not a Kubernetes object: ${listWords(missing.filter(Boolean), 'and')} must be a non-empty string`,
      },
    ];
  }
  const issues = [
    ...validateMetadata(kind, object.metadata),
    ...schemaIssues(object, apiVersion, kind),
    ...promqlIssues(object, apiVersion, kind),
  ];
  return sortByDocumentOrder(issues, object);
}

function schemaIssues(object: Record<string, unknown>, apiVersion: string, kind: string): SchemaIssue[] {
  const crd = CRD_SCHEMAS_BY_KEY.get(crdSchemaKey(apiVersion, kind));
  if (crd) {
    const issues: SchemaIssue[] = [];
    if (crd.deprecated) {
      issues.push({
        path: ['apiVersion'],
        code: 'deprecated-api-version',
        severity: 'warning',
        message: `${apiVersion} ${kind} is deprecated in the ${crd.project} ${crd.source.tag} CRD; use ${servedVersions(kind, splitApiVersion(apiVersion).group)}`,
      });
    }
    const metadata = object.metadata;
    if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)) {
      appendAll(issues, validateObjectMetaShape(metadata));
    }
    issues.push(...validateCustomResource(object, crd.schema));
    issues.push(...istioAdmissionIssues(object, apiVersion, kind));
    return issues;
  }
  const { group } = splitApiVersion(apiVersion);
  const served = servedVersions(kind, group);
  if (served) {
    return [
      {
        path: ['apiVersion'],
        code: 'unserved-api-version',
        message: `${apiVersion} does not serve ${kind}; its CRD serves ${served}`,
      },
    ];
  }
  const removed = removedApiMessage(apiVersion, kind);
  if (removed) return [{ path: ['apiVersion'], code: 'unserved-api-version', message: removed }];
  const model = findCoreModel(apiVersion, kind);
  if (model && isCrdDefinition(apiVersion, kind)) {
    const split = splitCrdSchemas(object);
    return [...validateCoreObject(split.object, model), ...split.issues];
  }
  if (model) return validateCoreObject(object, model);
  const coreVersions = (isCoreGroup(group) ? coreVersionsOf(group, kind) : []).filter(
    (v) => !removedApiMessage(v, kind),
  );
  if (coreVersions.length > 0) {
    return [
      {
        path: ['apiVersion'],
        code: 'unserved-api-version',
        message: `${apiVersion} does not serve ${kind}; use apiVersion: ${listWords(coreVersions)}`,
      },
    ];
  }
  const known = isCoreGroup(group)
    ? `the built-in API group ${group === '' ? 'core (v1)' : group} has no kind '${kind}' in kubernetes-models (check the spelling)`
    : 'canary-kit knows the built-in Kubernetes kinds and the Istio, Flagger, prometheus-operator and Argo Rollouts CRDs';
  return [
    {
      path: [],
      code: 'no-schema',
      severity: 'warning',
      message: `no schema for ${apiVersion} ${kind}, so it was not validated: ${known}`,
    },
  ];
}

/** The apiVersions our CRD schemas serve `kind` in within `group`, e.g. `networking.istio.io/v1, ...`. */
function servedVersions(kind: string, group: string): string | undefined {
  const versions = CRD_SCHEMAS.filter(
    (e) => e.kind === kind && splitApiVersion(e.apiVersion).group === group,
  );
  if (versions.length === 0) return undefined;
  const [first] = versions;
  const list = versions.filter((e) => !e.deprecated).map((e) => e.apiVersion);
  return `${listWords(list)} (${first.project} ${first.source.tag})`;
}

/** `Kind namespace/name`, tolerating objects without a usable name. */
function describeManifest(manifest: unknown): string {
  if (manifest === null || typeof manifest !== 'object') return '(not an object)';
  const { kind, metadata } = manifest as Record<string, unknown>;
  const meta = (metadata !== null && typeof metadata === 'object' ? metadata : {}) as Record<string, unknown>;
  const name = typeof meta.name === 'string' && meta.name !== '' ? meta.name : '(no name)';
  const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : undefined;
  return describeObject({
    kind: typeof kind === 'string' && kind ? kind : '(no kind)',
    metadata: { name, namespace },
  });
}
