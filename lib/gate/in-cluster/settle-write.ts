/**
 * What is live after a VirtualService patch timed out. A request the client gave up on may still
 * be applied by the API server, so "timed out" is neither "applied" nor "not applied": the gate
 * reads the object again and reports what it finds, so that the record and the exit code say what
 * is actually live (issue 16 item 5).
 *
 * Every patch of the gate starts with a `test` of the `metadata.resourceVersion` it read. The API
 * server applies a JSON Patch to the current object encoded as JSON, metadata included
 * (kubernetes/kubernetes `staging/src/k8s.io/apiserver/pkg/endpoints/handlers/patch.go`,
 * `jsonPatcher.applyPatchToCurrentObject`), and every write changes the resourceVersion; so once
 * the object has another resourceVersion the timed-out patch can never apply. After the timeout:
 *
 * 1. the re-read object carries the patch's marker (e.g. the stage clock of this run): **applied**;
 * 2. it has another resourceVersion without the marker: someone else wrote it, the patch can no
 *    longer apply: **not applied**;
 * 3. it has the same resourceVersion: the patch may still be on its way. The gate then writes a
 *    fence, the annotation `canary-kit.dev/write-fenced-at` guarded by the same resourceVersion:
 *    once that lands the timed-out patch is dead (**not applied**); if the fence's test fails, the
 *    object changed in between and one more read decides (1 or 2);
 * 4. anything else (the API server does not answer the read or the fence): **unknown**.
 *
 * These calls have their own timeouts (`--timeout` each), even past the run's `--deadline`: a
 * decision record that says "unknown" where two more calls could have said what is live would be
 * worse than a few more seconds.
 */
import { WRITE_FENCE_ANNOTATION } from '../../core/annotations';
import { annotationOperations, hasAnnotationsMap, readAnnotations } from './annotation-patch';
import { JsonPatchOperation } from './json-patch';
import { ClusterApi, ClusterApiError } from './kube-client';

/** What a re-read found. */
export interface SettledWrite {
  /** `applied`: live; `not-applied`: can no longer be applied; `unknown`: could not be told. */
  readonly status: 'applied' | 'not-applied' | 'unknown';
  /** One sentence for the record. */
  readonly detail: string;
}

/** The object's `metadata.resourceVersion`, or undefined. */
export function resourceVersionOf(object: unknown): string | undefined {
  const version = (object as { metadata?: { resourceVersion?: unknown } } | null)?.metadata?.resourceVersion;
  return typeof version === 'string' && version !== '' ? version : undefined;
}

/** The guard every gate patch starts with: the resourceVersion read (none when the object has none). */
export function resourceVersionTest(object: unknown): JsonPatchOperation[] {
  const version = resourceVersionOf(object);
  return version === undefined ? [] : [{ op: 'test', path: '/metadata/resourceVersion', value: version }];
}

function message(error: unknown): string {
  return error instanceof ClusterApiError || error instanceof Error ? error.message : String(error);
}

/**
 * Settles a timed-out patch of the VirtualService `namespace/name` that was read as `read`;
 * `isApplied` recognises the patch's effect on a re-read object; `at` is the run's time.
 */
export async function settleTimedOutPatch(
  api: ClusterApi,
  target: { readonly namespace: string; readonly name: string; readonly where: string },
  read: unknown,
  isApplied: (object: unknown) => boolean,
  at: string,
): Promise<SettledWrite> {
  const { namespace, name, where } = target;
  const readVersion = resourceVersionOf(read);
  const reread = async (): Promise<unknown> => api.getVirtualService(namespace, name);
  let live: unknown;
  try {
    live = await reread();
  } catch (error) {
    return { status: 'unknown', detail: `the re-read of ${where} failed too (${message(error)})` };
  }
  if (isApplied(live)) return { status: 'applied', detail: `a re-read shows it live in ${where}` };
  const liveVersion = resourceVersionOf(live);
  if (readVersion === undefined || liveVersion === undefined) {
    return {
      status: 'unknown',
      detail: `a re-read does not show it yet, and ${where} has no resourceVersion to fence a late write with`,
    };
  }
  if (liveVersion !== readVersion) {
    return {
      status: 'not-applied',
      detail: `a re-read shows ${where} changed by someone else (resourceVersion ${readVersion} -> ${liveVersion}) without it; it tests resourceVersion ${readVersion}, so it can no longer apply`,
    };
  }
  const fence: JsonPatchOperation[] = [
    { op: 'test', path: '/metadata/resourceVersion', value: readVersion },
    ...annotationOperations(readAnnotations(live), hasAnnotationsMap(live), { [WRITE_FENCE_ANNOTATION]: at }),
  ];
  try {
    await api.patchVirtualService(namespace, name, fence);
    return {
      status: 'not-applied',
      detail: `a re-read does not show it, and the fence ${WRITE_FENCE_ANNOTATION}=${at} moved ${where} past resourceVersion ${readVersion}, so it can no longer apply`,
    };
  } catch (error) {
    if (!(error instanceof ClusterApiError && error.testFailed)) {
      return {
        status: 'unknown',
        detail: `a re-read does not show it yet, and the fence failed (${message(error)})`,
      };
    }
  }
  // The fence's test failed: the object changed after the re-read (perhaps by the patch itself).
  try {
    live = await reread();
  } catch (error) {
    return { status: 'unknown', detail: `the second re-read of ${where} failed (${message(error)})` };
  }
  return isApplied(live)
    ? { status: 'applied', detail: `a second re-read shows it live in ${where}` }
    : {
        status: 'not-applied',
        detail: `a second re-read shows ${where} changed by someone else without it; it can no longer apply`,
      };
}
