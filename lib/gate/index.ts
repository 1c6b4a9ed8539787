/**
 * `canary-kit gate`: the promotion/rollback gate of mesh mode, as a library (the CLI in
 * `lib/cli/gate-command.ts` is a thin shell over `runGate`). See docs/gate.md.
 */
export { ApplyMode, ApplyOutcome } from './apply-outcome';
export { CheckId, CheckResult, CheckStatus, decide, GateDecision, Verdict } from './decide';
export { GateConfigError } from './errors';
export { Measurements, Reading, ReadingProblem, TrackMeasurements } from './measurements';
export { NotifyPolicy, SLACK_WEBHOOK_ENV } from './notify';
export { nextStep, NextStep, Position, WEIGHT_LADDER } from './position';
export { DecisionRecord, EXIT_CODES, formatRecordJson, formatRecordText } from './record';
export { GateDependencies, GateOptions, GateResult, runGate } from './run-gate';
export { twoProportionZTest, TwoProportionTest } from './statistics';
export { DEFAULT_CONFIDENCE, GateThresholds, thresholdsFromPlan } from './thresholds';
