/**
 * PromQL tooling shared by the tests and `canary-kit lint`: the Prometheus grammar's syntax check
 * and Flagger's MetricTemplate rendering.
 */
export { parsePromQL, lineAndColumn, type PromQLError, type PromQLParseResult } from './parse';
export {
  renderFlaggerTemplate,
  renderFlaggerTemplateOrThrow,
  FLAGGER_TEMPLATE_FUNCTIONS,
  type FlaggerTemplateModel,
  type FlaggerRenderResult,
  type TemplateIssue,
} from './flagger-template';
