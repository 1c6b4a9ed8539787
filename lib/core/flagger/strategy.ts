/** Flagger's strategy, promotion, readiness, lifecycle and cookie options, resolved. */
import { AnalysisSpec, PrimaryScalerReplicasSpec, SessionAffinitySpec } from '../spec';

/** Flagger's deployment strategies (pkg/apis/flagger/v1beta1/canary.go, `DeploymentStrategy`). */
export type FlaggerStrategy = NonNullable<AnalysisSpec['strategy']>;

/** The options with their defaults applied; undefined means "Flagger's default, not written". */
export interface FlaggerStrategyPlan {
  readonly strategy: FlaggerStrategy;
  readonly stepWeightPromotion: number | undefined;
  readonly primaryReadyThreshold: number | undefined;
  readonly canaryReadyThreshold: number | undefined;
  readonly suspend: boolean;
  readonly revertOnDeletion: boolean;
  readonly primaryScalerReplicas: PrimaryScalerReplicasSpec | undefined;
  /** Extra Set-Cookie attributes of the session-affinity cookie (the spec's names are Flagger's). */
  readonly cookie: Pick<
    SessionAffinitySpec,
    'primaryCookieName' | 'domain' | 'httpOnly' | 'secure' | 'sameSite' | 'partitioned'
  >;
}

/** The strategy a spec asks for: explicit, else A/B with `iterations`, else progressive. */
export function strategyOf(analysis: AnalysisSpec | undefined): FlaggerStrategy {
  if (analysis?.strategy !== undefined) return analysis.strategy;
  return analysis?.iterations !== undefined ? 'ab-testing' : 'canary';
}

/** Resolves the options of `analysis`. */
export function resolveFlaggerStrategy(analysis: AnalysisSpec | undefined): FlaggerStrategyPlan {
  const a = analysis ?? {};
  const affinity = a.sessionAffinity ?? {};
  return {
    strategy: strategyOf(analysis),
    stepWeightPromotion: a.stepWeightPromotion,
    primaryReadyThreshold: a.primaryReadyThreshold,
    canaryReadyThreshold: a.canaryReadyThreshold,
    suspend: a.suspend ?? false,
    revertOnDeletion: a.revertOnDeletion ?? false,
    primaryScalerReplicas: a.primaryScalerReplicas,
    cookie: {
      ...(affinity.primaryCookieName !== undefined ? { primaryCookieName: affinity.primaryCookieName } : {}),
      ...(affinity.domain !== undefined ? { domain: affinity.domain } : {}),
      ...(affinity.httpOnly ? { httpOnly: true } : {}),
      ...(affinity.secure ? { secure: true } : {}),
      ...(affinity.sameSite !== undefined ? { sameSite: affinity.sameSite } : {}),
      ...(affinity.partitioned ? { partitioned: true } : {}),
    },
  };
}
