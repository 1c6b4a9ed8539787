/**
 * Lockfiles for the consumer test's temporary projects, cut from this repository's
 * package-lock.json, so that `npm ci --offline` installs them from the npm cache that `npm ci`
 * filled: the cache holds tarballs by integrity, not the registry's package documents that a
 * lockfile-less `npm install` needs to resolve version ranges.
 */
import { readFileSync } from 'node:fs';

/** One `packages` entry of a lockfile (version 3). */
interface LockEntry {
  readonly version?: string;
  readonly resolved?: string;
  readonly integrity?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { optional?: boolean }>>;
  readonly [field: string]: unknown;
}

/** What the temporary project's package.json declares. */
export interface ConsumerManifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies: Readonly<Record<string, string>>;
}

/** The tarball of canary-kit and the package.json inside it. */
export interface PackedPackage {
  /** Path of the tarball relative to the temporary project, e.g. `../canary-kit-0.1.0.tgz`. */
  readonly relativeTarball: string;
  /** `sha512-...` of the tarball. */
  readonly integrity: string;
  /** The packed package.json. */
  readonly manifest: {
    readonly name: string;
    readonly version: string;
    readonly dependencies?: Record<string, string>;
    readonly peerDependencies?: Record<string, string>;
    readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    readonly bin?: Record<string, string>;
    readonly engines?: Record<string, string>;
    readonly license?: string;
  };
}

/** The folder holding `path`: `node_modules/a/node_modules/b` -> `node_modules/a`; top level -> ''. */
function parentOf(path: string): string {
  const at = path.lastIndexOf('/node_modules/');
  return at < 0 ? '' : path.slice(0, at);
}

/** Where Node finds `name` from the package at `from`, in the repository's tree. */
function locate(
  packages: Readonly<Record<string, LockEntry>>,
  from: string,
  name: string,
): string | undefined {
  for (let base = from; ; base = parentOf(base)) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === '') return undefined;
  }
}

/** The dependencies npm installs for an entry: regular, optional (when locked) and required peers. */
function installedDependencies(entry: LockEntry): string[] {
  const peers = Object.keys(entry.peerDependencies ?? {}).filter(
    (name) => entry.peerDependenciesMeta?.[name]?.optional !== true,
  );
  return [
    ...Object.keys(entry.dependencies ?? {}),
    ...Object.keys(entry.optionalDependencies ?? {}),
    ...peers,
  ];
}

const FLAGS = new Set(['dev', 'optional', 'devOptional', 'peer']);

/**
 * The lockfile of a temporary project whose dependencies are canary-kit (as the tarball) and
 * packages of this repository's tree. Throws when a dependency is not in the repository's lockfile
 * (add it to devDependencies: the test installs nothing that `npm ci` did not cache).
 */
export function consumerLockfile(
  repoLockFile: string,
  project: ConsumerManifest,
  packed: PackedPackage,
): unknown {
  const repo = JSON.parse(readFileSync(repoLockFile, 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, LockEntry> = {};
  const ownEntry: LockEntry = {
    version: packed.manifest.version,
    resolved: `file:${packed.relativeTarball}`,
    integrity: packed.integrity,
    license: packed.manifest.license,
    dependencies: packed.manifest.dependencies,
    peerDependencies: packed.manifest.peerDependencies,
    peerDependenciesMeta: packed.manifest.peerDependenciesMeta,
    bin: packed.manifest.bin,
    engines: packed.manifest.engines,
  };
  const source: Record<string, LockEntry> = {
    ...repo.packages,
    [`node_modules/${packed.manifest.name}`]: ownEntry,
  };
  const queue: { from: string; name: string; wanted: boolean }[] = Object.keys(project.dependencies).map(
    (name) => ({ from: '', name, wanted: true }),
  );
  for (let item = queue.shift(); item; item = queue.shift()) {
    const path = locate(source, item.from, item.name);
    if (!path) {
      if (!item.wanted) continue; // an optional dependency for another platform
      throw new Error(`${item.name} (needed by ${item.from || project.name}) is not in package-lock.json`);
    }
    if (packages[path]) continue;
    const entry = source[path];
    packages[path] = Object.fromEntries(
      Object.entries(entry).filter(([field, value]) => !FLAGS.has(field) && value !== undefined),
    );
    const optional = new Set(Object.keys(entry.optionalDependencies ?? {}));
    for (const name of installedDependencies(entry))
      queue.push({ from: path, name, wanted: !optional.has(name) });
  }
  const sorted = Object.fromEntries(
    Object.keys(packages)
      .sort()
      .map((path) => [path, packages[path]]),
  );
  return {
    name: project.name,
    version: project.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: project.name, version: project.version, dependencies: project.dependencies },
      ...sorted,
    },
  };
}
