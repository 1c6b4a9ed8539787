import { readTextFile } from '../util/read-text-file';
import { resolve } from 'node:path';
import { loadManifests } from '../manifests/load';
import { location } from '../lint/format';
import {
  DEFAULT_REQUESTS,
  formatSimulationJson,
  formatSimulationText,
  parseProfile,
  ProfileError,
  RequestKind,
  SimulateError,
  simulateTraffic,
} from '../simulate';
import { parsePairs } from '../simulate/request';
import { parseArgs } from './args';
import { CliCommand, EXIT_USAGE, UsageError } from './command';

/** Most requests one run may simulate. */
const MAX_REQUESTS = 100_000_000;

const USAGE = `Usage: canary-kit simulate <files|dirs...> --host HOST [--requests N] [--header k=v]...
         [--cookie k=v]... [--source-labels k=v] [--path P] [--method M]
         [--gateway NAME|mesh] [--seed S] [--profile FILE] [--format text|json]

Routes N requests for HOST through the VirtualServices of the manifests as Istio does
(routes in order, first match wins; header exact/prefix/regex with RE2 full-match semantics;
cookies via the cookie header; uri, method and queryParams; sourceLabels; gateways;
weights divided by their sum;
mirrors counted apart; delegation followed) and prints the share each destination
(host/subset:port) receives, with the rule that matched.

Options:
  --host HOST            checkout, checkout.shop, a FQDN or an external host; :port allowed.
  --requests N           Requests to simulate (default ${DEFAULT_REQUESTS}).
  --header k=v           A request header (repeatable); :path, :method, :authority allowed.
  --cookie k=v           A cookie (repeatable), sent in the cookie header.
  --source-labels k=v    Labels of the calling workload (repeatable or comma-separated).
  --path P               Request path with an optional query string (default /), e.g.
                         /api/items?beta=1 (for uri and queryParams matches).
  --method M             HTTP method (default GET), case-sensitive as Envoy matches it.
  --gateway NAME|mesh    Where requests enter: mesh (default) or a gateway ns/name or name.
  --seed S               Seed of the pseudo-random draws (default 1): same seed, same output.
  --profile FILE         YAML mix of request kinds (name, share, headers, cookies,
                         sourceLabels, path, method, gateway, ...); the flags above
                         become defaults of every kind. The output shows each kind
                         and the overall result.
  --format text|json     Output format (default text).

Exit codes: 0 simulated; 2 usage error, unreadable input (reported with file and line),
bad profile, or a host no VirtualService or Service in the files defines.
`;

function readRequests(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[0-9]+$/.test(value) || Number(value) < 1 || Number(value) > MAX_REQUESTS) {
    throw new UsageError(`--requests must be a whole number from 1 to ${MAX_REQUESTS}, not '${value}'.`);
  }
  return Number(value);
}

function pairs(value: unknown, flag: string, commaSeparated = false): Record<string, string> {
  try {
    return parsePairs((value as string[] | undefined) ?? [], flag, commaSeparated);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `canary-kit simulate`: where would N requests go, given these manifests? */
export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'Route simulated requests through the VirtualServices and show where they go.',
  usage: USAGE,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, {
      host: { type: 'string' },
      requests: { type: 'string' },
      header: { type: 'repeat' },
      cookie: { type: 'repeat' },
      'source-labels': { type: 'repeat' },
      path: { type: 'string' },
      method: { type: 'string' },
      gateway: { type: 'string' },
      seed: { type: 'string' },
      profile: { type: 'string' },
      format: { type: 'string' },
    });
    const format = (flags.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json')
      throw new UsageError(`--format must be text or json, not '${format}'.`);
    if (positionals.length === 0)
      throw new UsageError('give at least one file or directory with the manifests.');
    const host = flags.host as string | undefined;
    if (host === undefined || host === '')
      throw new UsageError('--host is required, e.g. --host checkout.shop.');
    let requests = readRequests(flags.requests as string | undefined);
    const defaults = {
      headers: pairs(flags.header, '--header'),
      cookies: pairs(flags.cookie, '--cookie'),
      sourceLabels: pairs(flags['source-labels'], '--source-labels', true),
      ...(flags.gateway === undefined ? {} : { gateway: flags.gateway as string }),
      ...(flags.path === undefined ? {} : { path: flags.path as string }),
      ...(flags.method === undefined ? {} : { method: flags.method as string }),
    };
    if (defaults.path !== undefined && !defaults.path.startsWith('/'))
      throw new UsageError(
        `--path must start with "/", e.g. --path /api/items?beta=1, not '${defaults.path}'.`,
      );
    if (defaults.method !== undefined && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(defaults.method))
      throw new UsageError(`--method must be an HTTP method such as GET or POST, not '${defaults.method}'.`);
    let kinds: RequestKind[] = [{ name: 'request', share: 1, ...defaults }];
    if (flags.profile !== undefined) {
      const file = flags.profile as string;
      let text: string;
      try {
        text = readTextFile(resolve(io.cwd, file));
      } catch (error) {
        io.stderr(`canary-kit simulate: cannot read profile '${file}': ${(error as Error).message}\n`);
        return EXIT_USAGE;
      }
      try {
        const profile = parseProfile(text, file);
        kinds = profile.kinds.map((k) => ({
          ...k,
          headers: { ...defaults.headers, ...k.headers },
          cookies: { ...defaults.cookies, ...k.cookies },
          sourceLabels: { ...defaults.sourceLabels, ...k.sourceLabels },
          gateway: k.gateway ?? defaults.gateway,
          path: k.path ?? defaults.path,
          method: k.method ?? defaults.method,
        }));
        requests = requests ?? profile.requests;
      } catch (error) {
        if (!(error instanceof ProfileError)) throw error;
        io.stderr(`canary-kit simulate: ${error.message}\n`);
        return EXIT_USAGE;
      }
    }
    const loaded = loadManifests(positionals, io.cwd);
    for (const p of loaded.problems) io.stderr(`${location(p.file, p.line)}: unreadable: ${p.message}\n`);
    try {
      const seed = flags.seed as string | undefined;
      const result = simulateTraffic(loaded.manifests, {
        host,
        kinds,
        ...(requests === undefined ? {} : { requests }),
        ...(seed === undefined ? {} : { seed }),
      });
      io.stdout(format === 'json' ? formatSimulationJson(result) : formatSimulationText(result));
    } catch (error) {
      if (!(error instanceof SimulateError)) throw error;
      io.stderr(`canary-kit simulate: ${error.message}\n`);
      return EXIT_USAGE;
    }
    return loaded.problems.length > 0 ? EXIT_USAGE : 0;
  },
};
