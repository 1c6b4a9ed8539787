/**
 * The in-cluster rollback: one JSON Patch that moves everyone back to stable, as re-rendering a
 * rolled-back spec does (`rolledBack` in `lib/core/render/virtual-service.ts`):
 * - the `default` route and every `cohort-*` route: canary weight 0, stable 100;
 * - the `sticky-canary` route is removed, so users with a canary cookie fall through to stable;
 * - when the canary is scaled to zero: the `dark-launch` route and the default route's mirror are
 *   removed too (a subset without endpoints answers 503);
 * - the rollback record as annotations, and the stage clock annotation removed.
 *
 * Every value replaced or removed is tested first (its route by name, destinations by subset,
 * the weights and whole removed values as read), so a VirtualService that changed since it was
 * read is left untouched (RFC 6902 section 5: the whole patch fails) and reported as a conflict.
 * Removals come last, highest index first, so no operation's index moves under it.
 */
import { STAGE_STARTED_AT_ANNOTATION, ROLLBACK_ANNOTATIONS } from '../../core/annotations';
import { DEFAULT_ROUTE_NAME } from '../../core/render/virtual-service';
import { RollbackRecord } from '../../core/spec';
import { annotationOperations, hasAnnotationsMap, readAnnotations } from './annotation-patch';
import { httpRoutes, JsonPatchOperation, pointer, readSplitWeights, weightPatch } from './json-patch';

/** Route name prefix of cohorts (`cohort-<name>`), as the core renders them. */
const COHORT_PREFIX = 'cohort-';
/** The sticky route that keeps canary users on the canary. */
const STICKY_CANARY_ROUTE = 'sticky-canary';
/** The header route that always reaches the canary. */
const DARK_LAUNCH_ROUTE = 'dark-launch';

/** The rollback patch and one line per change, for the record. */
export interface RollbackPatch {
  readonly patch: JsonPatchOperation[];
  readonly changes: string[];
}

type Loose = Record<string, unknown>;

/** Builds the rollback patch of a live VirtualService; see the module comment. */
export function rollbackPatch(
  virtualService: unknown,
  where: string,
  options: { readonly canaryScaledToZero: boolean; readonly record: RollbackRecord },
): RollbackPatch {
  const http = httpRoutes(virtualService, where);
  const patch: JsonPatchOperation[] = [];
  const changes: string[] = [];
  const removals: Array<{ index: number; name: string; value: unknown; what: string }> = [];
  http.forEach((entry, index) => {
    const route = (entry ?? {}) as Loose;
    const name = typeof route.name === 'string' ? route.name : '';
    if (name === DEFAULT_ROUTE_NAME || name.startsWith(COHORT_PREFIX)) {
      const weights = readSplitWeights(http, index, where);
      if (weights.canary.weight !== 0) {
        patch.push(...weightPatch(weights, 0, name));
        changes.push(
          `route '${name}': stable ${weights.stable.weight} -> 100, canary ${weights.canary.weight} -> 0`,
        );
      }
      if (name === DEFAULT_ROUTE_NAME && options.canaryScaledToZero) {
        for (const field of ['mirror', 'mirrorPercentage']) {
          if (route[field] === undefined) continue;
          const path = pointer('spec', 'http', index, field);
          patch.push({ op: 'test', path: pointer('spec', 'http', index, 'name'), value: name });
          patch.push({ op: 'test', path, value: route[field] }, { op: 'remove', path });
          changes.push(`route '${name}': ${field} removed`);
        }
      }
    } else if (name === STICKY_CANARY_ROUTE) {
      removals.push({ index, name, value: entry, what: 'users with a canary cookie now reach stable' });
    } else if (name === DARK_LAUNCH_ROUTE && options.canaryScaledToZero) {
      removals.push({ index, name, value: entry, what: 'the canary has no pods to serve it' });
    }
  });
  for (const removal of removals.sort((a, b) => b.index - a.index)) {
    const path = pointer('spec', 'http', removal.index);
    patch.push({ op: 'test', path, value: removal.value }, { op: 'remove', path });
    changes.push(`route '${removal.name}' removed (${removal.what})`);
  }
  const current = readAnnotations(virtualService);
  const annotations = annotationOperations(
    current,
    hasAnnotationsMap(virtualService),
    {
      [ROLLBACK_ANNOTATIONS.reason]: options.record.reason,
      [ROLLBACK_ANNOTATIONS.at]: options.record.at,
      [ROLLBACK_ANNOTATIONS.previousCanaryWeight]: String(options.record.previousCanaryWeight),
    },
    [STAGE_STARTED_AT_ANNOTATION],
  );
  // Record the rollback with the change, or once when routing was already back (no churn per run).
  if (patch.length > 0 || current[ROLLBACK_ANNOTATIONS.at] === undefined) patch.push(...annotations);
  return { patch, changes };
}
