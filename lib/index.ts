/**
 * canary-kit's pure core: one typed spec to every object a safe Istio canary needs.
 * No cdk8s or Pulumi import here; the adapters live in `canary-kit/cdk8s` and `canary-kit/pulumi`.
 */
export * from './core/spec';
export { CanarySpecError, SpecIssue, formatIssue } from './core/errors';
export { validate } from './core/validate';
export { loadSpecFile, LoadedSpec, SpecFileError } from './spec-file';
export { resolvePlan, CanaryPlan } from './core/plan';
export { synthesize, synthesizePlanned, synthesizeResources } from './core/synthesize';
export { ControllerOwnedField, RenderedResource } from './core/render/resource';
export { KubeManifest, ObjectMeta, describeObject } from './core/manifest';
export { toYaml } from './core/yaml';
export { canonicalize } from './core/canonical';
export { serviceNames, ServiceNames } from './core/names';
export { rollbackBound, RollbackBound } from './core/rollback-sla';
export { planWarnings, specWarnings } from './core/warnings';
export { sortManifests } from './core/sort';
export { validateManifests } from './validate';
export { loadManifests, parseManifestText } from './manifests/load';
export { lintManifests } from './lint';
export { simulateTraffic } from './simulate';
