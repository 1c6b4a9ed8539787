/** Schema validation of Kubernetes manifests: `validateManifests` and its finding types. */
export { validateManifest, validateManifests } from './validate-manifests';
export type { FindingCode, FindingSeverity, ManifestFinding } from './finding';
