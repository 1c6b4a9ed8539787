/**
 * Runs the repository's Pulumi program against a Kubernetes API server with the real Pulumi engine
 * (the CLI and pulumi-resource-kubernetes built by e2e/tools/build.sh), offline and without the
 * Pulumi service:
 *
 * - `PULUMI_HOME` is a fresh temporary folder; `pulumi login file://<tmp>/state`; a fixed
 *   `PULUMI_CONFIG_PASSPHRASE`; `PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true` and the provider
 *   installed with `pulumi plugin install resource kubernetes <version> --file <binary>`.
 * - The project (`Pulumi.yaml`, `Pulumi.<stack>.yaml` as committed) is copied into a temporary
 *   folder, because `pulumi stack init` with a passphrase writes an `encryptionsalt` into the stack
 *   file; the committed files stay untouched.
 * - A kubeconfig derived from the given one maps each stack's `canary-kit:kubernetes.context`
 *   (`kind-dev`, `gke_...`) to the given cluster, so the stack files are used unchanged.
 * - The program (`stacks/pulumi/program.ts`) runs in this process through the Automation API's
 *   inline program: the engine connects to the SDK's in-process language host (`pulumi up
 *   --client=<address>`, pulumi/pulumi pkg/cmd/pulumi/operations/up.go, hidden flag `client`), because
 *   the module proxy serves no version of the Node.js language host (docs/pulumi.md, "Pulumi engine").
 *
 * As a command: `node build/e2e/pulumi/run-stack.js <kubeconfig> [stack ...]` runs, for each stack
 * (default: dev staging prod), `up --yes`, `preview --expect-no-changes` and `destroy --yes`.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as auto from '@pulumi/pulumi/automation';
import * as pulumi from '@pulumi/pulumi';
import YAML from 'yaml';

/** The repository root (this file is compiled to build/e2e/pulumi/). */
const REPO_ROOT = resolve(__dirname, '..', '..', '..');
/** The tools cache that e2e/tools/build.sh fills. */
const TOOLS_BIN = join(process.env.CANARY_KIT_TOOLS_DIR ?? join(REPO_ROOT, '.tools'), 'bin');
/** The project name in Pulumi.yaml, which is also the config namespace. */
const PROJECT = 'canary-kit';
/** Fixed passphrase of the temporary file backend's secrets (nothing secret is stored). */
const PASSPHRASE = 'canary-kit-e2e';

/**
 * Annotations the harness adds to every Kubernetes object it applies, and why: the local control
 * plane runs no kube-controller-manager, so no ReplicaSet, Pod or Endpoints ever appears, and the
 * provider's awaiters would wait 10 minutes for a Deployment's ReplicaSet and a Service's endpoints
 * (pulumi-kubernetes provider/pkg/await/await.go: `metadata.SkipAwaitLogic` skips them); and a
 * Foreground delete (the provider's default, provider/pkg/metadata/overrides.go
 * `DeletionPropagation`) leaves the object behind until the garbage collector removes its
 * finalizer. They are the harness's, not the product's: comparisons with `cdk8s synth` drop them.
 */
export const HARNESS_ANNOTATIONS: Readonly<Record<string, string>> = {
  'pulumi.com/skipAwait': 'true',
  'pulumi.com/deletionPropagationPolicy': 'background',
};

/** The Pulumi engine binaries and the provider version to install them as. */
export interface PulumiEngine {
  /** The `pulumi` CLI. */
  readonly cli: string;
  /** The `pulumi-resource-kubernetes` provider. */
  readonly provider: string;
  /**
   * The version the program's provider resource asks for: @pulumi/kubernetes's `pulumi.version`
   * (the SDK registers its providers with it). The binary is installed under this version.
   */
  readonly providerVersion: string;
}

/** The built engine; throws with the build command when a binary is missing. */
export function pulumiEngine(bin = TOOLS_BIN): PulumiEngine {
  const cli = join(bin, 'pulumi');
  const provider = join(bin, 'pulumi-resource-kubernetes');
  for (const binary of [cli, provider]) {
    if (!existsSync(binary)) {
      throw new Error(
        `${binary} is missing: run 'bash e2e/tools/build.sh pulumi pulumi-resource-kubernetes' ` +
          '(CANARY_KIT_TOOLS_DIR sets the cache folder).',
      );
    }
  }
  const sdk = JSON.parse(
    readFileSync(join(REPO_ROOT, 'node_modules', '@pulumi', 'kubernetes', 'package.json'), 'utf8'),
  ) as { version: string; pulumi?: { version?: string } };
  return { cli, provider, providerVersion: sdk.pulumi?.version ?? sdk.version };
}

/** Options of a sandbox. */
export interface SandboxOptions {
  /** The kubeconfig of the cluster to deploy to; its current context is used. */
  readonly kubeconfig: string;
  /** The engine. @default pulumiEngine() */
  readonly engine?: PulumiEngine;
  /** Add `HARNESS_ANNOTATIONS` to every object. @default true */
  readonly harnessAnnotations?: boolean;
}

/** The stack files' `canary-kit:kubernetes.context` values, which the derived kubeconfig maps. */
function stackContexts(): string[] {
  const contexts = new Set<string>();
  for (const stack of ['dev', 'staging', 'prod']) {
    const file = join(REPO_ROOT, `Pulumi.${stack}.yaml`);
    if (!existsSync(file)) continue;
    const config =
      (YAML.parse(readFileSync(file, 'utf8')) as { config?: Record<string, unknown> }).config ?? {};
    const kubernetes = config[`${PROJECT}:kubernetes`] as { context?: unknown } | undefined;
    if (typeof kubernetes?.context === 'string') contexts.add(kubernetes.context);
  }
  return [...contexts];
}

interface Kubeconfig {
  contexts?: { name: string; context: Record<string, unknown> }[];
  'current-context'?: string;
  [key: string]: unknown;
}

/** The kubeconfig with one more context per stack context, each a copy of the current one. */
function deriveKubeconfig(source: string, contexts: readonly string[]): string {
  const config = YAML.parse(readFileSync(source, 'utf8')) as Kubeconfig;
  const current = (config.contexts ?? []).find((c) => c.name === config['current-context']);
  if (!current)
    throw new Error(`${source}: its current-context '${config['current-context']}' is not defined`);
  const others = (config.contexts ?? []).filter((c) => !contexts.includes(c.name));
  return YAML.stringify({
    ...config,
    contexts: [...others, ...contexts.map((name) => ({ name, context: { ...current.context } }))],
  });
}

/** Runs the CLI; throws with its output when it fails. */
function runCli(engine: PulumiEngine, args: string[], env: NodeJS.ProcessEnv, cwd: string): string {
  const result = spawnSync(engine.cli, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) {
    throw new Error(
      `pulumi ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

/** Adds the harness annotations to every Kubernetes object the program registers. */
function annotateObjects(): void {
  pulumi.runtime.registerResourceTransform((args) => {
    if (!args.type.startsWith('kubernetes:')) return undefined;
    const metadata = (args.props.metadata ?? {}) as Record<string, unknown>;
    const annotations = {
      ...((metadata.annotations ?? {}) as Record<string, string>),
      ...HARNESS_ANNOTATIONS,
    };
    return { props: { ...args.props, metadata: { ...metadata, annotations } }, opts: args.opts };
  });
}

/**
 * A temporary Pulumi installation: its own `PULUMI_HOME`, file backend, project copy and kubeconfig.
 * `dispose()` removes it (after `destroy`, nothing is left in the cluster either).
 */
export class PulumiSandbox {
  /** The sandbox folder. */
  readonly dir: string;
  /** The environment every Pulumi command of the sandbox runs with. */
  readonly env: Readonly<Record<string, string>>;
  /** The project copy the stacks run in. */
  readonly workDir: string;
  private readonly engine: PulumiEngine;
  private readonly harnessAnnotations: boolean;

  private constructor(
    dir: string,
    engine: PulumiEngine,
    env: Record<string, string>,
    harnessAnnotations: boolean,
  ) {
    this.dir = dir;
    this.engine = engine;
    this.env = env;
    this.workDir = join(dir, 'project');
    this.harnessAnnotations = harnessAnnotations;
  }

  /** Creates the sandbox: logs in to a file backend and installs the provider from its binary. */
  static create(options: SandboxOptions): PulumiSandbox {
    const engine = options.engine ?? pulumiEngine();
    const dir = mkdtempSync(join(tmpdir(), 'canary-kit-pulumi-'));
    const home = join(dir, 'home');
    const state = join(dir, 'state');
    const project = join(dir, 'project');
    for (const folder of [home, state, project]) mkdirSync(folder, { mode: 0o700 });
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, deriveKubeconfig(options.kubeconfig, stackContexts()), {
      mode: 0o600,
      flag: 'wx',
    });
    for (const file of ['Pulumi.yaml', 'Pulumi.dev.yaml', 'Pulumi.staging.yaml', 'Pulumi.prod.yaml']) {
      if (existsSync(join(REPO_ROOT, file))) copyFileSync(join(REPO_ROOT, file), join(project, file));
    }
    // Pulumi.yaml's `main` must exist, although the inline program runs in this process.
    mkdirSync(join(project, 'stacks', 'pulumi'), { recursive: true });
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: home,
      PULUMI_HOME: home,
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: 'true',
      PULUMI_SKIP_UPDATE_CHECK: 'true',
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: 'true',
      KUBECONFIG: kubeconfig,
    };
    const sandbox = new PulumiSandbox(dir, engine, env, options.harnessAnnotations ?? true);
    runCli(engine, ['login', `file://${state}`], env, project);
    runCli(
      engine,
      ['plugin', 'install', 'resource', 'kubernetes', engine.providerVersion, '--file', engine.provider],
      env,
      project,
    );
    return sandbox;
  }

  /** The stack, created in the file backend or selected, running the repository's program. */
  async stack(name: string, program?: auto.PulumiFn): Promise<auto.Stack> {
    const annotate = this.harnessAnnotations;
    const body =
      program ??
      (async () => {
        // The compiled program (build/stacks/pulumi/program.js), as Pulumi.yaml's `main` runs it.
        const { canaryStack } =
          (await import('../../stacks/pulumi/program')) as typeof import('../../stacks/pulumi/program');
        return canaryStack();
      });
    const run: auto.PulumiFn = async () => {
      if (annotate) annotateObjects();
      try {
        return await body();
      } catch (error) {
        // A program that throws fails the update, but through the in-process language host the
        // SDK's stack resource keeps a second, never-awaited copy of the rejection, which Node's test
        // runner then counts as a failure of the test file. Reported as an error diagnostic instead,
        // the update fails the same way (the engine fails an update whose program logged an error)
        // and the message is the same.
        void pulumi.log.error(error instanceof Error ? error.message : String(error));
        return {};
      }
    };
    const pulumiCommand = await auto.PulumiCommand.get({
      root: resolve(this.engine.cli, '..', '..'),
      skipVersionCheck: true,
    });
    return auto.LocalWorkspace.createOrSelectStack(
      { stackName: name, projectName: PROJECT, program: run },
      { workDir: this.workDir, pulumiHome: this.env.PULUMI_HOME, envVars: { ...this.env }, pulumiCommand },
    );
  }

  /** Removes the sandbox folder (the state of its stacks too). */
  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `up --yes`, `preview --expect-no-changes`, `destroy --yes` for each stack; prints what happened. */
async function main(argv: string[]): Promise<void> {
  const [kubeconfig, ...stacks] = argv;
  if (!kubeconfig) throw new Error('usage: node build/e2e/pulumi/run-stack.js <kubeconfig> [stack ...]');
  const sandbox = PulumiSandbox.create({ kubeconfig });
  const onOutput = (out: string): void => {
    process.stdout.write(out);
  };
  try {
    for (const name of stacks.length > 0 ? stacks : ['dev', 'staging', 'prod']) {
      const stack = await sandbox.stack(name);
      const up = await stack.up({ onOutput, color: 'never' });
      console.log(`${name}: up ${up.summary.result}: ${JSON.stringify(up.summary.resourceChanges)}`);
      await stack.preview({ expectNoChanges: true, onOutput, color: 'never' });
      console.log(`${name}: preview --expect-no-changes: no changes`);
      await stack.destroy({ onOutput, color: 'never' });
      console.log(`${name}: destroyed`);
    }
  } finally {
    sandbox.dispose();
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
