import { isMap, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { RequestKind } from './types';

/** A profile file that cannot be used; the message names the file, line, field and fix. */
export class ProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProfileError';
  }
}

/** What a profile file describes. */
export interface Profile {
  /** The request kinds, in file order. */
  readonly kinds: RequestKind[];
  /** `requests:` from the file, if given. */
  readonly requests?: number;
}

const KIND_KEYS = [
  'name',
  'share',
  'headers',
  'cookies',
  'sourceLabels',
  'sourceNamespace',
  'gateway',
  'path',
  'method',
  'port',
];

type Fail = (path: readonly (string | number)[], message: string) => never;

function stringMap(value: unknown, path: readonly (string | number)[], fail: Fail): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    fail(
      path,
      `must be a mapping of names to values, e.g. { x-canary: "true" }; got ${JSON.stringify(value)}.`,
    );
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'object' && v !== null)
      fail([...path, k], `must be a string, got ${JSON.stringify(v)}.`);
    out[k] = String(v);
  }
  return out;
}

function readKind(
  value: unknown,
  index: number,
  path: readonly (string | number)[],
  fail: Fail,
): RequestKind {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(
      path,
      `must be a mapping with at least share, e.g. { name: beta, share: 20, headers: { x-user-type: beta } }.`,
    );
  }
  const k = value as Record<string, unknown>;
  for (const key of Object.keys(k)) {
    if (!KIND_KEYS.includes(key))
      fail([...path, key], `unknown field '${key}'; the fields are ${KIND_KEYS.join(', ')}.`);
  }
  const share = k.share;
  if (typeof share !== 'number' || !(share > 0)) {
    fail(
      [...path, 'share'],
      `${JSON.stringify(share)} is not a positive number; give the kind's share of the mix, e.g. share: 20.`,
    );
  }
  const optionalString = (key: string): string | undefined => {
    const v = k[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') fail([...path, key], `must be a string, got ${JSON.stringify(v)}.`);
    return v;
  };
  const port = k.port;
  if (
    port !== undefined &&
    (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535)
  ) {
    fail([...path, 'port'], `${JSON.stringify(port)} is not a port number (1-65535).`);
  }
  const name = k.name === undefined ? `kind-${index + 1}` : String(k.name);
  const kind: RequestKind = {
    name,
    share,
    headers: stringMap(k.headers, [...path, 'headers'], fail),
    cookies: stringMap(k.cookies, [...path, 'cookies'], fail),
    sourceLabels: stringMap(k.sourceLabels, [...path, 'sourceLabels'], fail),
    ...(optionalString('sourceNamespace') === undefined
      ? {}
      : { sourceNamespace: optionalString('sourceNamespace') }),
    ...(optionalString('gateway') === undefined ? {} : { gateway: optionalString('gateway') }),
    ...(optionalString('path') === undefined ? {} : { path: optionalString('path') }),
    ...(optionalString('method') === undefined ? {} : { method: optionalString('method') }),
    ...(port === undefined ? {} : { port: port as number }),
  };
  return kind;
}

/**
 * Parses a traffic profile: either a list of request kinds, or a mapping with `kinds:` (the list)
 * and an optional `requests:`. Each kind has `share` (relative; the shares are normalized), and
 * optionally `name`, `headers`, `cookies`, `sourceLabels`, `sourceNamespace`, `gateway`, `path`,
 * `method`, `port`. Errors name the file, line and field.
 */
export function parseProfile(text: string, file: string): Profile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const lineOf = (path: readonly (string | number)[]): number | undefined => {
    let node: unknown = doc.contents;
    let line: number | undefined;
    const nodeLine = (n: unknown): number | undefined => {
      const range = (n as Node | undefined)?.range;
      return range ? lineCounter.linePos(range[0]).line : undefined;
    };
    line = nodeLine(node);
    for (const seg of path) {
      if (typeof seg === 'number' && isSeq(node)) node = node.items[seg];
      else if (typeof seg === 'string' && isMap(node)) node = node.get(seg, true);
      else break;
      line = nodeLine(node) ?? line;
    }
    return line;
  };
  const fail: Fail = (path, message) => {
    const line = lineOf(path);
    const where = path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
      .join('')
      .replace(/^\./, '');
    throw new ProfileError(
      `${file}${line === undefined ? '' : `:${line}`}: ${where === '' ? 'profile' : where}: ${message}`,
    );
  };
  if (doc.errors.length > 0) {
    const { line } = lineCounter.linePos(doc.errors[0].pos[0]);
    throw new ProfileError(`${file}:${line}: not valid YAML: ${doc.errors[0].message.split('\n')[0]}`);
  }
  const value: unknown = doc.toJS();
  let list: unknown;
  let requests: number | undefined;
  let prefix: (string | number)[] = [];
  if (Array.isArray(value)) list = value;
  else if (typeof value === 'object' && value !== null) {
    const v = value as Record<string, unknown>;
    for (const key of Object.keys(v)) {
      if (key !== 'kinds' && key !== 'requests')
        fail([key], `unknown field '${key}'; a profile has kinds and requests.`);
    }
    list = v.kinds;
    prefix = ['kinds'];
    if (v.requests !== undefined) {
      if (typeof v.requests !== 'number' || !Number.isInteger(v.requests) || v.requests < 1) {
        fail(['requests'], `${JSON.stringify(v.requests)} is not a positive integer.`);
      }
      requests = v.requests as number;
    }
  } else {
    fail(
      [],
      `must be a list of request kinds (or a mapping with kinds:), e.g. - { name: beta, share: 20, headers: { x-user-type: beta } }.`,
    );
  }
  if (!Array.isArray(list) || list.length === 0) {
    fail(prefix, `must be a non-empty list of request kinds, e.g. - { name: everyone, share: 100 }.`);
  }
  const kinds = (list as unknown[]).map((item, i) => readKind(item, i, [...prefix, i], fail));
  const names = new Set<string>();
  kinds.forEach((k, i) => {
    if (names.has(k.name))
      fail([...prefix, i, 'name'], `name '${k.name}' is used twice; give each kind its own name.`);
    names.add(k.name);
  });
  return { kinds, ...(requests === undefined ? {} : { requests }) };
}
