import { KubeManifest } from '../core/manifest';

/** How bad a finding is: `error` fails `canary-kit lint`, `warning` fails it with `--strict`, `info` never. */
export type Severity = 'error' | 'warning' | 'info';

/** Every severity, most severe first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/**
 * A manifest with where it came from. `LoadedManifest` from `lib/manifests/load.ts` has exactly
 * this shape; manifests built in memory use `file: '<memory>'` and `line: 0`.
 */
export interface SourcedManifest {
  /** The object. */
  readonly manifest: KubeManifest;
  /** File the object was read from, or `<memory>`. */
  readonly file: string;
  /** 1-based line where the object's document starts; 0 when unknown. */
  readonly line: number;
  /** 0-based index of the document within its file (or of the object within the input). */
  readonly index: number;
}

/** One problem found by `canary-kit lint`. */
export interface LintFinding {
  /** Id of the rule that found it, e.g. `weights-sum`. */
  readonly rule: string;
  /** How bad it is. */
  readonly severity: Severity;
  /** The object, as `Kind namespace/name`. */
  readonly object: string;
  /** File of the object, or `<memory>`. */
  readonly file: string;
  /** Line of the offending field in the file (the object's line when the field is absent); 0 when unknown. */
  readonly line: number;
  /** Path of the offending field inside the object, e.g. `spec.http[1].route[0].weight`. */
  readonly path: string;
  /** What is wrong, with the offending value. */
  readonly message: string;
  /** How to fix it. */
  readonly fix: string;
}

/** Options of `lintManifests`. */
export interface LintOptions {
  /**
   * Kubernetes cluster domain used to expand short host names.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /**
   * Namespace of objects that have none (what `kubectl apply` would use).
   * @default "default"
   */
  readonly defaultNamespace?: string;
  /**
   * Run only these rule ids.
   * @default - every rule
   */
  readonly rules?: readonly string[];
  /**
   * Skip these rule ids.
   * @default []
   */
  readonly disable?: readonly string[];
}
