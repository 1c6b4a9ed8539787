/**
 * The package as users get it: `npm pack` from a clean copy of the sources (so `prepack` must
 * build), then the one tarball installed into temporary projects outside the repository, made the
 * way cdk8s and Pulumi users make them (their default tsconfigs), compiled with `tsc` and run:
 *
 * - a cdk8s app (the `cdk8s init typescript-app` tsconfig) with a cdk8s-plus Deployment used
 *   through `workload.existingDeployment`; in the same project, the entry points type-checked
 *   under node10, node16, nodenext and bundler resolution, and imported from an ES module;
 * - a commonjs Pulumi program (the tsconfig of Pulumi's templates) under mocks;
 * - a CLI-only install, without cdk8s, Pulumi or the Kubernetes client.
 *
 * Installs are `npm ci --offline` with lockfiles cut from this repository's lockfile: the npm
 * cache that `npm ci` filled is the only source. Any install warning about canary-kit or its
 * dependencies fails the test.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { consumerLockfile, PackedPackage } from './support/offline-lockfile';

const repo = resolve(__dirname, '..', '..', '..');
const fixtures = join(repo, 'test', 'fixtures', 'consumer');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** What `npm pack` needs from a clean clone: sources, not the build. */
const SOURCES = [
  'package.json',
  'tsconfig.json',
  'tsconfig.package.json',
  'README.md',
  'LICENSE',
  'lib',
  'imports',
  'schema',
  'bin',
  'docs',
  'scripts/prepack.js',
];

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command without a shell; never rejects (the test asserts on the code and output). */
function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, npm_config_update_notifier: 'false', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** Asserts a run exited 0, showing its output when it did not. */
function ok(result: Run, what: string): Run {
  assert.equal(result.code, 0, `${what} failed:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The version of a package in this repository's lockfile (the version `npm ci` cached). */
function lockedVersion(name: string): string {
  const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { version?: string }>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in package-lock.json: add it to devDependencies`);
  return version;
}

/** Every package name canary-kit pulls in when installed alone (it and its dependencies). */
function ourPackages(project: string): Set<string> {
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, unknown>;
  };
  return new Set(
    Object.keys(lock.packages)
      .filter((path) => path !== '')
      .map((path) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)),
  );
}

/** `npm warn` lines of an install. */
function warnings(output: string): string[] {
  return output.split('\n').filter((line) => /^npm (warn|WARN)/.test(line));
}

describe('the packed package in new projects', () => {
  let work: string;
  let packed: PackedPackage & { readonly file: string; readonly files: readonly string[] };
  const installs = new Map<string, Run>();

  /** Copies a fixture project next to the tarball, writes its package.json and lockfile, installs it. */
  async function install(name: string, dependencies: readonly string[]): Promise<string> {
    const dir = join(work, name);
    cpSync(join(fixtures, name), dir, { recursive: true });
    const manifest = {
      name: `consumer-${name}`,
      version: '1.0.0',
      private: true,
      dependencies: {
        'canary-kit': `file:${packed.relativeTarball}`,
        ...Object.fromEntries(dependencies.map((dep) => [dep, lockedVersion(dep)])),
      },
    };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    const lock = consumerLockfile(join(repo, 'package-lock.json'), manifest, packed);
    writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
    const result = await run(npm, ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], dir);
    installs.set(name, result);
    ok(result, `npm ci in ${name}`);
    return dir;
  }

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'canary-kit-consumer-'));
    const clone = join(work, 'clone');
    for (const path of SOURCES) cpSync(join(repo, path), join(clone, path), { recursive: true });
    symlinkSync(join(repo, 'node_modules'), join(clone, 'node_modules'), 'dir');
    const pack = ok(await run(npm, ['pack', '--json', '--pack-destination', work], clone), 'npm pack');
    const report = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as {
      filename: string;
      files: { path: string }[];
    }[];
    const file = join(work, report[0].filename);
    packed = {
      file,
      files: report[0].files.map((f) => f.path).sort(),
      relativeTarball: `../${report[0].filename}`,
      integrity: `sha512-${createHash('sha512').update(readFileSync(file)).digest('base64')}`,
      manifest: JSON.parse(readFileSync(join(clone, 'package.json'), 'utf8')),
    };
    await Promise.all([
      install('cdk8s-app', ['cdk8s', 'constructs', 'cdk8s-plus-27', 'typescript', '@types/node']),
      install('pulumi-program', ['@pulumi/pulumi', '@pulumi/kubernetes', 'typescript', '@types/node']),
      install('cli-only', []),
    ]);
  });

  after(() => {
    if (work && !process.env.CANARY_KIT_KEEP_CONSUMER) rmSync(work, { recursive: true, force: true });
  });

  test('the tarball holds compiled code, types, the JSON Schema, docs, README and LICENSE, and nothing else', () => {
    const unexpected = packed.files.filter(
      (path) =>
        !/^(package\.json|README\.md|LICENSE|bin\/canary-kit\.js|schema\/canary-service\.schema\.json|docs\/[\w.-]+\.md)$/.test(
          path,
        ) && !/^build\/(lib|imports)\/.+\.(js|d\.ts)$/.test(path),
    );
    assert.deepEqual(unexpected, []);
    for (const needed of [
      'LICENSE',
      'README.md',
      'build/lib/index.js',
      'build/lib/index.d.ts',
      'build/lib/cdk8s/index.js',
      'build/lib/pulumi/index.js',
      'build/lib/schema.js',
      'build/lib/cli/main.js',
      'build/imports/canary-service-validator.js',
      'schema/canary-service.schema.json',
    ]) {
      assert.ok(packed.files.includes(needed), `${needed} is not in the tarball`);
    }
    assert.match(readFileSync(join(work, 'clone', 'LICENSE'), 'utf8'), /Apache License\s+Version 2\.0/);
  });

  test('no shipped file points at a source map or a source that is not shipped', () => {
    const installed = join(work, 'cli-only', 'node_modules', 'canary-kit');
    const dangling = packed.files
      .filter((path) => path.endsWith('.js'))
      .filter((path) => /sourceMappingURL=/.test(readFileSync(join(installed, path), 'utf8')));
    assert.deepEqual(dangling, []);
  });

  test('package.json names the repository, the homepage and where to report bugs, all of one repository', () => {
    const manifest = packed.manifest as unknown as Record<string, unknown>;
    const repository = /^git\+(https:\/\/github\.com\/[^/]+\/[^/]+)\.git$/.exec(
      String((manifest.repository as { url?: string })?.url),
    );
    assert.ok(repository, 'repository.url is git+https://github.com/<owner>/<name>.git');
    const base = repository[1];
    assert.equal(manifest.homepage, `${base}#readme`);
    assert.equal((manifest.bugs as { url?: string })?.url, `${base}/issues`);
    // Absolute links to the sources in the shipped README and docs lead to the same repository.
    const installed = join(work, 'cli-only', 'node_modules', 'canary-kit');
    const elsewhere: string[] = [];
    for (const doc of packed.files.filter((path) => path.endsWith('.md'))) {
      const text = readFileSync(join(installed, doc), 'utf8');
      for (const match of text.matchAll(/https:\/\/github\.com\/[^/\s)]+\/canary-kit[^\s)]*/g)) {
        if (!match[0].startsWith(`${base}/`)) elsewhere.push(`${doc}: ${match[0]}`);
      }
    }
    assert.deepEqual(elsewhere, []);
  });

  test('every relative link of the shipped README and docs leads to a shipped file', () => {
    const installed = join(work, 'cli-only', 'node_modules', 'canary-kit');
    const broken: string[] = [];
    for (const doc of packed.files.filter((path) => path.endsWith('.md'))) {
      const text = readFileSync(join(installed, doc), 'utf8');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1].split('#')[0];
        if (target === '' || /^[a-z]+:/.test(target)) continue;
        const path = join(doc, '..', target).split('\\').join('/');
        if (!packed.files.includes(path) && !packed.files.some((file) => file.startsWith(`${path}/`))) {
          broken.push(`${doc}: ${match[1]}`);
        }
      }
    }
    assert.deepEqual(broken, []);
  });

  test('installs print no warning about canary-kit or its dependencies', () => {
    const ours = ourPackages(join(work, 'cli-only'));
    for (const [name, result] of installs) {
      const about = warnings(`${result.stdout}\n${result.stderr}`).filter((line) =>
        [...ours].some((pkg) => line.includes(pkg)),
      );
      assert.deepEqual(about, [], `npm ci in ${name}`);
    }
    const cliOnly = installs.get('cli-only') as Run;
    assert.deepEqual(warnings(`${cliOnly.stdout}\n${cliOnly.stderr}`), []);
  });

  test('a cdk8s app with the cdk8s init tsconfig compiles and synthesizes with a cdk8s-plus Deployment', async () => {
    const dir = join(work, 'cdk8s-app');
    ok(
      await run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], dir),
      'tsc',
    );
    ok(await run(process.execPath, ['main.js'], dir), 'node main.js');
    const [file] = readdirSync(join(dir, 'dist'));
    const docs = parseAllDocuments(readFileSync(join(dir, 'dist', file), 'utf8')).map(
      (doc) => doc.toJS() as { kind: string; metadata: { name: string }; spec: Record<string, unknown> },
    );
    const deployment = docs.find((doc) => doc.kind === 'Deployment');
    const canary = docs.find((doc) => doc.kind === 'Canary');
    assert.equal(deployment?.metadata.name, 'checkout');
    assert.deepEqual(deployment?.spec.selector, { matchLabels: { app: 'checkout' } });
    assert.deepEqual((canary?.spec as { targetRef?: unknown }).targetRef, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'checkout',
    });
  });

  test('the entry points type-check under node10, node16, nodenext and bundler resolution', async () => {
    const dir = join(work, 'cdk8s-app');
    const tsc = join(dir, 'node_modules/typescript/bin/tsc');
    const resolutions = ['node10', 'node16', 'nodenext', 'bundler'];
    const runs = await Promise.all(
      resolutions.map((resolution) =>
        run(process.execPath, [tsc, '-p', join('resolution', `tsconfig.${resolution}.json`)], dir),
      ),
    );
    runs.forEach((result, i) => ok(result, `tsc with ${resolutions[i]} resolution`));
  });

  test('an ES module imports every entry point at run time', async () => {
    const dir = join(work, 'cdk8s-app', 'esm');
    ok(
      await run(process.execPath, [join(dir, '..', 'node_modules/typescript/bin/tsc'), '-p', '.'], dir),
      'tsc',
    );
    const result = ok(await run(process.execPath, ['main.js'], dir), 'node esm/main.js');
    const out = JSON.parse(result.stdout) as {
      kinds: string[];
      yamlStartsWith: string;
      constructObjects: string[];
      schemaTitle: string;
      schemaFile: string;
    };
    assert.ok(out.kinds.includes('Canary'));
    assert.equal(out.yamlStartsWith, 'apiVersion:');
    assert.ok(out.constructObjects.includes('canary'));
    assert.equal(out.schemaTitle, 'CanaryService spec (canary-kit)');
    assert.ok(existsSync(out.schemaFile), out.schemaFile);
  });

  test('a commonjs Pulumi program with the template tsconfig compiles and registers the manifests', async () => {
    const dir = join(work, 'pulumi-program');
    ok(
      await run(process.execPath, [join(dir, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], dir),
      'tsc',
    );
    const result = ok(await run(process.execPath, ['run-with-mocks.js'], dir), 'the program under mocks');
    const registered = JSON.parse(result.stdout) as {
      type: string;
      name: string;
      inputs: Record<string, unknown>;
    }[];
    const names = registered.map((r) => `${r.type} ${r.name}`);
    assert.ok(names.includes('kubernetes:flagger.app/v1beta1:Canary checkout-canary'), names.join('\n'));
    assert.ok(names.includes('kubernetes:apps/v1:Deployment checkout-deployment'), names.join('\n'));
  });

  test('a CLI-only install has no cdk8s, Pulumi or Kubernetes client, and the CLI works', async () => {
    const dir = join(work, 'cli-only');
    for (const absent of [
      'cdk8s',
      'constructs',
      '@pulumi/pulumi',
      '@pulumi/kubernetes',
      '@kubernetes/client-node',
    ]) {
      assert.equal(existsSync(join(dir, 'node_modules', absent)), false, `${absent} was installed`);
    }
    const bin = join(dir, 'node_modules', '.bin', 'canary-kit');
    const version = ok(await run(bin, ['--version'], dir), 'canary-kit --version');
    assert.equal(version.stdout.trim(), packed.manifest.version);
    ok(await run(bin, ['synth', 'checkout.yaml', '-o', 'out'], dir), 'canary-kit synth');
    const kinds = parseAllDocuments(readFileSync(join(dir, 'out', 'checkout.k8s.yaml'), 'utf8')).map(
      (doc) => (doc.toJS() as { kind: string }).kind,
    );
    assert.ok(kinds.includes('Canary'), kinds.join(', '));
    const gate = await run(
      bin,
      ['gate', '--spec', 'ledger-mesh.yaml', '--prometheus', 'http://127.0.0.1:9', '--apply', 'in-cluster'],
      dir,
      { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' },
    );
    assert.equal(gate.code, 2, gate.stderr);
    assert.match(gate.stderr, /need the package @kubernetes\/client-node, which is not installed/);
    assert.match(gate.stderr, /npm install @kubernetes\/client-node@\^1\.4\.0/);
  });
});
