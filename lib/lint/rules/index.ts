import { LintRule } from '../rule';
import { canaryExceedsStable } from './canary-exceeds-stable';
import { canaryGatewayWithoutMesh } from './canary-gateway-without-mesh';
import { delegateInvalid } from './delegate-invalid';
import { duplicateObject } from './duplicate-object';
import { flaggerMatchDropped } from './flagger-match-dropped';
import { flaggerOwnedObject } from './flagger-owned-object';
import { flaggerTarget } from './flagger-target';
import { gatewayRouteBypassesSplit } from './gateway-route-bypasses-split';
import { flaggerTargetPort } from './flagger-target-port';
import { flaggerTargetReplicas } from './flagger-target-replicas';
import { headerUppercase } from './header-uppercase';
import { hostDottedShortName } from './host-dotted-short-name';
import { metricTemplateWorkload } from './metric-template-workload';
import { mirrorEqualsDestination } from './mirror-equals-destination';
import { rollbackWithin } from './rollback-within';
import { routeShadowed } from './route-shadowed';
import { stringMatchEmpty } from './string-match-empty';
import { serviceSelectsNoPods } from './service-selects-no-pods';
import { subsetSelectsNoPods } from './subset-selects-no-pods';
import { subsetUndefined } from './subset-undefined';
import { unknownHost } from './unknown-host';
import { vsGatewayWithoutMesh } from './vs-gateway-without-mesh';
import { vsHostConflict } from './vs-host-conflict';
import { weightsInvalid } from './weights-invalid';
import { weightsSum } from './weights-sum';

/** Every rule of `canary-kit lint`, in the order of the rule table in docs/lint.md. */
export const RULES: readonly LintRule[] = [
  weightsInvalid,
  weightsSum,
  canaryExceedsStable,
  subsetUndefined,
  subsetSelectsNoPods,
  serviceSelectsNoPods,
  routeShadowed,
  headerUppercase,
  stringMatchEmpty,
  flaggerMatchDropped,
  vsHostConflict,
  vsGatewayWithoutMesh,
  gatewayRouteBypassesSplit,
  flaggerOwnedObject,
  canaryGatewayWithoutMesh,
  flaggerTarget,
  flaggerTargetPort,
  flaggerTargetReplicas,
  delegateInvalid,
  metricTemplateWorkload,
  rollbackWithin,
  mirrorEqualsDestination,
  hostDottedShortName,
  duplicateObject,
  unknownHost,
];
