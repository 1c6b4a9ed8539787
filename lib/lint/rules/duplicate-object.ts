import { at, LintRule } from '../rule';

/**
 * The same `Kind namespace/name` defined twice: applying the tree keeps only the last one, so the
 * earlier definition (often an older step of a rollout) is silently replaced.
 */
export const duplicateObject: LintRule = {
  id: 'duplicate-object',
  severity: 'warning',
  summary: 'The same Kind namespace/name is defined more than once; applying keeps only the last.',
  *check(model) {
    const first = new Map<string, (typeof model.objects)[number]>();
    for (const object of model.objects) {
      const key = `${object.manifest.apiVersion}|${object.ref}`;
      const earlier = first.get(key);
      if (!earlier) {
        first.set(key, object);
        continue;
      }
      yield at(
        object,
        ['metadata', 'name'],
        `${object.ref} is defined again (first at ${earlier.file}${earlier.line > 0 ? `:${earlier.line}` : ''}); applying the tree keeps only the last definition.`,
        `Keep one definition: delete or rename the other (for rollout steps, keep only the current step in the tree).`,
      );
    }
  },
};
