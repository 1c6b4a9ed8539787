/** How serious a finding is: `error` fails `canary-kit validate` (exit 1), `warning` does not. */
export type FindingSeverity = 'error' | 'warning';

/**
 * What kind of problem a finding is, for filtering (`jq 'select(.code == "unknown-field")'`):
 * - `unknown-field`: a field the schema does not declare (the API server drops it);
 * - `wrong-type`: e.g. a string where the schema wants an integer;
 * - `missing-field`: a required field is absent;
 * - `invalid-value`: the type is right but the value is not (enum, pattern, range, length, format,
 *   mutually exclusive fields, duplicate list entries);
 * - `null-value`: `null` where the schema does not allow it (the API server drops the field);
 * - `invalid-name`: metadata.name is missing or not a valid name for the kind;
 * - `invalid-metadata`: a label or annotation key or value the API server rejects;
 * - `invalid-object`: the object itself is malformed (e.g. not a mapping);
 * - `unserved-api-version`: the apiVersion does not serve this kind (removed or never existed);
 * - `deprecated-api-version`: the CRD marks this version deprecated;
 * - `no-schema`: canary-kit has no schema for this apiVersion and kind, so it was not checked.
 */
export type FindingCode =
  | 'unknown-field'
  | 'wrong-type'
  | 'missing-field'
  | 'invalid-value'
  | 'null-value'
  | 'invalid-name'
  | 'invalid-metadata'
  | 'invalid-object'
  | 'unserved-api-version'
  | 'deprecated-api-version'
  | 'no-schema';

/** One problem found in one Kubernetes object. */
export interface ManifestFinding {
  /** The object, as `Kind namespace/name` (`Kind name` when it has no namespace). */
  readonly object: string;
  /** JSON path of the offending field, e.g. `spec.http[0].route[1].weight`; `''` for the whole object. */
  readonly path: string;
  /** What is wrong, with the offending value, and what to change. */
  readonly message: string;
  /** `error` or `warning`. */
  readonly severity: FindingSeverity;
  /** The kind of problem. */
  readonly code: FindingCode;
  /** The file the object was loaded from, when it was loaded with `loadManifests`/`parseManifestText`. */
  readonly file?: string;
  /** 1-based line of the field (or of its nearest existing parent) in `file`. */
  readonly line?: number;
}

/** A finding inside one object, before the object name and source location are attached. */
export interface SchemaIssue {
  /** Path segments from the object root: keys and array indexes. */
  readonly path: readonly (string | number)[];
  /** What is wrong and what to change. */
  readonly message: string;
  /** The kind of problem. */
  readonly code: FindingCode;
  /** Severity. @default 'error' */
  readonly severity?: FindingSeverity;
}
