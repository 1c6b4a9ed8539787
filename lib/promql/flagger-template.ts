/**
 * Renders a Flagger MetricTemplate query the way Flagger does before sending it to Prometheus.
 *
 * Facts used (Flagger source `pkg/metrics/observers/render.go`, `MetricTemplateModel`, its test
 * `render_test.go`, and the "Metrics Analysis" docs):
 * - The query is a Go `text/template` executed with no data; the values are template *functions*:
 *   `name`, `namespace`, `target`, `service`, `ingress`, `interval` return strings and `variables`
 *   returns the metric's `templateVariables` map, read as `{{ variables.key }}`.
 * - A `variables` key that the metric does not define fails the render (Flagger's test
 *   `missing_variable_key` expects an error), so the check fails instead of querying a wrong selector.
 * - Go template syntax: `{{ x }}`, `{{x}}` and extra blanks inside the braces are equivalent;
 *   `{{- ` trims the white space before the action and ` -}}` the white space after it; `{{/* ... *\/}}`
 *   is a comment. A call of an undefined function, or `{{ .Field }}` on the nil data, is an error.
 *
 * Anything beyond a bare function or `variables.<key>` (pipelines, `if`, `printf`) is reported as
 * unsupported rather than guessed: canary-kit never emits it.
 */
import { lineAndColumn } from './parse';

/** The values Flagger provides to a MetricTemplate query. Omitted values are errors when used. */
export interface FlaggerTemplateModel {
  /** `{{ name }}`: the Canary's name. */
  readonly name?: string;
  /** `{{ namespace }}`: the Canary's namespace. */
  readonly namespace?: string;
  /** `{{ target }}`: the Canary's `targetRef.name` (the canary Deployment). */
  readonly target?: string;
  /** `{{ service }}`: the Canary's `service.name`. */
  readonly service?: string;
  /** `{{ ingress }}`: the Canary's `ingressRef.name`. */
  readonly ingress?: string;
  /** `{{ interval }}`: the metric's `interval`, e.g. `1m`. */
  readonly interval?: string;
  /** `{{ variables.<key> }}`: the metric's `templateVariables`. */
  readonly variables?: Readonly<Record<string, string>>;
}

/** One problem in a template, located by character offsets into it. */
export interface TemplateIssue {
  /** Offset of the action's `{{`. */
  readonly from: number;
  /** Offset just past the action's `}}` (or the end of the text for an unclosed action). */
  readonly to: number;
  /** What is wrong, where, and what to change. */
  readonly message: string;
}

/** The outcome of {@link renderFlaggerTemplate}. */
export type FlaggerRenderResult =
  | { readonly ok: true; readonly query: string; readonly errors: readonly [] }
  | { readonly ok: false; readonly query?: undefined; readonly errors: readonly TemplateIssue[] };

/** The string-valued functions of Flagger's template model. */
export const FLAGGER_TEMPLATE_FUNCTIONS = [
  'name',
  'namespace',
  'target',
  'service',
  'ingress',
  'interval',
] as const;

type StringFunction = (typeof FLAGGER_TEMPLATE_FUNCTIONS)[number];

const IDENTIFIER = /^[\p{L}_][\p{L}\p{Nd}_]*$/u;
const TEMPLATE_SPACE = /[ \t\r\n]/;

/** Substitutes every `{{ ... }}` action; every problem is reported, none is rendered as an empty string. */
export function renderFlaggerTemplate(template: string, model: FlaggerTemplateModel): FlaggerRenderResult {
  const errors: TemplateIssue[] = [];
  const parts: string[] = [];
  let cursor = 0;
  while (cursor < template.length) {
    const open = template.indexOf('{{', cursor);
    if (open < 0) {
      parts.push(template.slice(cursor));
      break;
    }
    const close = template.indexOf('}}', open + 2);
    if (close < 0) {
      parts.push(template.slice(cursor));
      errors.push({
        from: open,
        to: template.length,
        message: `unclosed action at ${lineAndColumn(template, open)}: "{{" has no matching "}}"`,
      });
      break;
    }
    let inner = template.slice(open + 2, close);
    const trimLeft = inner.length >= 2 && inner[0] === '-' && TEMPLATE_SPACE.test(inner[1]);
    const trimRight =
      inner.length >= 2 && inner[inner.length - 1] === '-' && TEMPLATE_SPACE.test(inner[inner.length - 2]);
    if (trimLeft) inner = inner.slice(1);
    if (trimRight) inner = inner.slice(0, -1);
    let text = template.slice(cursor, open);
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, '');
    parts.push(text);
    const issue = (message: string): void => {
      errors.push({ from: open, to: close + 2, message: `${message} (at ${lineAndColumn(template, open)})` });
    };
    parts.push(evaluateAction(inner.trim(), model, issue));
    cursor = close + 2;
    if (trimRight) {
      while (cursor < template.length && TEMPLATE_SPACE.test(template[cursor])) cursor++;
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, query: parts.join(''), errors: [] };
}

/**
 * Renders a template, throwing one error that lists every issue; for callers that already
 * validated the template (and for tests).
 */
export function renderFlaggerTemplateOrThrow(template: string, model: FlaggerTemplateModel): string {
  const result = renderFlaggerTemplate(template, model);
  if (result.ok) return result.query;
  throw new Error(
    `cannot render the Flagger query template:\n  ${result.errors.map((e) => e.message).join('\n  ')}`,
  );
}

function evaluateAction(
  action: string,
  model: FlaggerTemplateModel,
  issue: (message: string) => void,
): string {
  const shown = JSON.stringify(`{{ ${action} }}`);
  if (action.startsWith('/*')) {
    if (!action.endsWith('*/')) issue(`unclosed comment ${shown}: end it with "*/" right before "}}"`);
    return '';
  }
  if (action === '') {
    issue('empty action "{{ }}": remove it or name a Flagger variable');
    return '';
  }
  if (action.startsWith('.')) {
    issue(
      `${shown} reads a field of the template data, but Flagger executes templates with no data: ` +
        `use a function instead, e.g. {{ namespace }} or {{ variables.key }}`,
    );
    return '';
  }
  const dot = action.indexOf('.');
  const head = dot < 0 ? action : action.slice(0, dot);
  if (head === 'variables') return variable(action, dot, model, shown, issue);
  if (!IDENTIFIER.test(action)) {
    issue(
      `unsupported template action ${shown}: only {{ <function> }} and {{ variables.<key> }} are supported`,
    );
    return '';
  }
  if (!(FLAGGER_TEMPLATE_FUNCTIONS as readonly string[]).includes(action)) {
    issue(
      `${shown} is not a Flagger template function: use one of ${FLAGGER_TEMPLATE_FUNCTIONS.join(', ')}, ` +
        'or variables.<key>',
    );
    return '';
  }
  const value = model[action as StringFunction];
  if (value === undefined) {
    issue(`no value given for ${shown}: pass "${action}" in the template model`);
    return '';
  }
  return value;
}

function variable(
  action: string,
  dot: number,
  model: FlaggerTemplateModel,
  shown: string,
  issue: (message: string) => void,
): string {
  const key = dot < 0 ? '' : action.slice(dot + 1);
  if (!IDENTIFIER.test(key)) {
    issue(`${shown} must name one key, as in {{ variables.cluster }} (letters, digits and "_")`);
    return '';
  }
  const variables = model.variables ?? {};
  if (!Object.prototype.hasOwnProperty.call(variables, key)) {
    const defined = Object.keys(variables).sort();
    issue(
      `unknown template variable "${key}" in ${shown}: the metric's templateVariables define ` +
        `${defined.length ? defined.map((name) => `"${name}"`).join(', ') : 'nothing'}; add "${key}" there or fix the name`,
    );
    return '';
  }
  return variables[key];
}
