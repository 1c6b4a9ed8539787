import { Dirent, readdirSync, realpathSync, Stats, statSync } from 'node:fs';
import { describeFileType } from '../util/read-text-file';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { LoadProblem } from './load';

/** A file to read: where it is and how reports name it. */
export interface ManifestFile {
  /** Absolute path. */
  readonly path: string;
  /** The path as reports show it: as given when absolute, else relative to the working directory. */
  readonly display: string;
}

/** A directory entry's real path and whether it is a directory. */
interface RealEntry {
  /** The entry's real path (its directory's real path and its name). */
  readonly real: string;
  /** Whether it is a directory. */
  readonly isDirectory: boolean;
}

/** Extensions read when walking a directory (any explicitly named file is read whatever its extension). */
const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * The manifest files under one path given by the user: the file itself, or every `.yaml`, `.yml`
 * and `.json` file below a directory, recursively, in code-point order of their names (so the
 * result does not depend on the file system or locale). Hidden entries (`.git`, `.github`...) are
 * skipped. Files already in `seen` (real paths) are skipped, so overlapping arguments load once.
 */
export function collectFiles(
  given: string,
  cwd: string,
  seen: Set<string>,
): { files: ManifestFile[]; problems: LoadProblem[]; notes: LoadProblem[] } {
  const files: ManifestFile[] = [];
  const problems: LoadProblem[] = [];
  const notes: LoadProblem[] = [];
  const absolute = resolve(cwd, given);
  const display = isAbsolute(given) ? absolute : relative(cwd, absolute) || '.';
  // `known`: the real path and type, when the directory listing already tells them (an entry that
  // is no symbolic link, in a directory whose real path is known), which saves two system calls.
  const visit = (path: string, shown: string, explicit: boolean, known?: RealEntry): void => {
    let real: string;
    let isDirectory: boolean;
    try {
      real = known?.real ?? realpathSync(path);
      isDirectory = known?.isDirectory ?? statSync(real).isDirectory();
    } catch (error) {
      problems.push({ file: shown, message: describeFsError(error, explicit) });
      return;
    }
    if (isDirectory) {
      if (seen.has(real)) return;
      seen.add(real);
      let entries: Dirent[];
      try {
        entries = readdirSync(real, { withFileTypes: true });
      } catch (error) {
        problems.push({ file: shown, message: describeFsError(error, explicit) });
        return;
      }
      for (const entry of entries.sort((a, b) => compareCodePoints(a.name, b.name))) {
        const { name } = entry;
        if (name.startsWith('.')) continue;
        const child = join(path, name);
        const childShown = join(shown, name);
        if (entry.isDirectory() || entry.isFile()) {
          const childKnown = { real: join(real, name), isDirectory: entry.isDirectory() };
          if (childKnown.isDirectory || hasManifestExtension(name))
            visit(child, childShown, false, childKnown);
          continue;
        }
        let childIsDirectory = false;
        try {
          childIsDirectory = statSync(child).isDirectory();
        } catch {
          // A dangling symlink: report it only if it looks like a manifest.
        }
        if (childIsDirectory || hasManifestExtension(name)) visit(child, childShown, false);
      }
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    // Regular files only: a FIFO named *.yaml would block the read forever, a device never ends.
    // Found by a walk, it is skipped with a note; named explicitly, it is a problem.
    if (!known) {
      let stats: Stats;
      try {
        stats = statSync(real);
      } catch (error) {
        problems.push({ file: shown, message: describeFsError(error, explicit) });
        return;
      }
      if (!stats.isFile()) {
        const what = `is ${describeFileType(stats)}, not a regular file`;
        if (explicit) problems.push({ file: shown, message: `${what}; give a file or a directory` });
        else notes.push({ file: shown, message: `${what}: skipped` });
        return;
      }
    }
    files.push({ path: real, display: shown });
  };
  visit(absolute, display, true);
  return { files, problems, notes };
}

function hasManifestExtension(name: string): boolean {
  const lower = name.toLowerCase();
  return MANIFEST_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function describeFsError(error: unknown, explicit: boolean): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') {
    return explicit ? 'no such file or directory' : 'broken symbolic link (its target does not exist)';
  }
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied; check the file mode';
  if (code === 'ELOOP') return 'symbolic link loop';
  return `cannot read: ${(error as Error).message}`;
}
