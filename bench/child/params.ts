import { RoutingMode } from '../../lib';

/** Params of the lower-bound child. */
export interface LowerBoundParams {
  /** Pre-rendered JSON file (see `writePrerendered`). */
  input: string;
  /** YAML file to write. */
  output: string;
}

/** Params of the children that synthesize the benchmark services from their specs (core, cdk8s, Pulumi). */
export interface SynthParams {
  /** Routing mode of every service. */
  mode: RoutingMode;
  /** Number of services. */
  n: number;
  /** Where to write: a YAML file (core) or a directory (cdk8s `App.synth` outdir); unused by Pulumi. */
  output: string;
}

/** How the cdk8s app arranges the services: all in one chart, or one chart each. */
export type Cdk8sLayout = 'one-chart' | 'chart-per-service';

/** Params of the cdk8s child. */
export interface Cdk8sParams extends SynthParams {
  /** Chart layout. */
  layout: Cdk8sLayout;
}

/** Params of the bare-Pulumi child. */
export interface BarePulumiParams {
  /** Pre-rendered JSON file (see `writePrerendered`). */
  input: string;
}

/** Params of the CLI child. */
export interface CliParams {
  /** Arguments after `canary-kit`. */
  args: string[];
  /** Working directory the command resolves paths against. */
  cwd: string;
}
