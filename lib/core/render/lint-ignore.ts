import { LINT_IGNORE_ANNOTATION } from '../annotations';
import { CanaryPlan } from '../plan';

/**
 * The lint-ignore annotation for an edge-only service: when the spec explicitly opts out of the
 * `mesh` gateway (`service.includeMesh: false`), `canary-kit lint` should not report the missing
 * `mesh` on our own output, since the spec says it is deliberate.
 */
export function lintIgnoreMeshGateway(plan: CanaryPlan, ruleId: string): Record<string, string> {
  const edgeOnly = plan.service.gateways.length > 0 && !plan.service.gateways.includes('mesh');
  return edgeOnly ? { [LINT_IGNORE_ANNOTATION]: ruleId } : {};
}
